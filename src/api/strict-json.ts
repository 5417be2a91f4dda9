/**
 * The API's JSON body parser: fastify's own (prototype poisoning refused), fed only well-formed UTF-8 that decodes to
 * well-formed Unicode. Fastify decoded bodies leniently: invalid bytes became U+FFFD, and a "\ud800" escape made a
 * lone surrogate, which SQLite stores as ill-formed bytes and reads back as U+FFFD. What was stored was then not
 * what was sent, and a provider so named could never be matched by name again (review of the API, defect 5).
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { isIllFormed } from '../json/utf8.js';

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

export function installStrictJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = STRICT_UTF8.decode(body as Buffer);
    } catch {
      done(refused('the body is not valid UTF-8'), undefined);
      return;
    }
    parseJson(request, text, (error, value) => {
      if (error !== null) done(error, undefined);
      else if (holdsIllFormedText(value))
        done(
          refused('a string in the body holds a lone surrogate (such as "\\ud800"): text must be well-formed Unicode'),
          undefined,
        );
      else done(null, value);
    });
  });
}

function refused(problem: string): AppError {
  return new AppError('VALIDATION_FAILED', `body: ${problem}`, { details: { fields: [{ field: 'body', problem }] } });
}

/** Walks without recursion: a posted document may nest deeply (its depth is judged later, with a clear answer). */
function holdsIllFormedText(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (isIllFormed(item)) return true;
    } else if (Array.isArray(item)) {
      for (const element of item) stack.push(element);
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, member] of Object.entries(item)) {
        if (isIllFormed(key)) return true;
        stack.push(member);
      }
    }
  }
  return false;
}
