/**
 * A document as read: its bytes, their SHA-256, and their parse, done on first read. An unchanged poll does not
 * parse at all: the engine remembers its verdict by SHA-256, and what the document is (its outline: JWKS or
 * discovery, and a discovery document's jwks_uri) is remembered here by SHA-256 too. So 20,000 providers do not
 * keep 20,000 parsed documents in memory between polls.
 */
import type { Engine } from '../checks/engine.js';
import type { DiscoveryFlavour, DocumentKind } from '../checks/types.js';
import { detectDiscoveryFlavour, detectDocumentKind } from '../discovery/index.js';
import type { BodyNotHeld, JudgedFetch } from '../fetch/types.js';
import { isRecord } from '../json/guards.js';
import type { ParsedDocument } from '../json/types.js';
import { Interner } from '../util/interner.js';
import { LruCache } from '../util/lru-cache.js';

/** What a document is, read from its parse once and then remembered by SHA-256. */
export interface DocumentOutline {
  /** The bytes are JSON (the parse's `value` holds them). */
  readonly ok: boolean;
  readonly kind: DocumentKind | undefined;
  /** Meaningful for a discovery document only. */
  readonly flavour: DiscoveryFlavour;
  /** A discovery document's `jwks_uri`, when it is a string. */
  readonly jwksUri: string | undefined;
}

/** As many as the engine remembers verdicts: a fleet of 20,000 providers with room for rotations. */
const OUTLINES_REMEMBERED = 25_000;
const outlines = new LruCache<string, DocumentOutline>(OUTLINES_REMEMBERED);
/** Outlines without a jwks_uri come in a handful of shapes; each is held once, not once per document. */
const sharedOutlines = new Interner<DocumentOutline>(64);

/**
 * Thrown when a document's bytes are read but were not kept: a 304 stood for them, and the verdict or the record
 * of the poll needs more than their SHA-256 (the engine forgot the verdict, or the history must be written in
 * full). The poll path catches it and fetches the document again without validators (src/probe/run-probe.ts).
 */
export class BodyNotHeldError extends Error {
  constructor(readonly source: string) {
    super(`the bytes of ${source} were not kept after its last 200; it must be fetched again`);
    this.name = 'BodyNotHeldError';
  }
}

export class LoadedDocument {
  private parsedMemo: ParsedDocument | undefined;
  private outlineMemo: DocumentOutline | undefined;

  constructor(
    /** The URL fetched or the file read. */
    readonly source: string,
    /** The bytes, or (a 304 judged as a remembered 200) only their length: see BodyNotHeldError. */
    readonly body: Uint8Array | BodyNotHeld,
    /** Hex SHA-256 of the body. */
    readonly sha256: string,
    private readonly engine: Pick<Engine, 'parse'>,
    /** Absent for a file. */
    readonly fetch?: JudgedFetch,
  ) {}

  /** The body parsed (once, on first read). */
  get parsed(): ParsedDocument {
    if (this.parsedMemo !== undefined) return this.parsedMemo;
    const { body } = this;
    if (!(body instanceof Uint8Array)) throw new BodyNotHeldError(this.source);
    return (this.parsedMemo = this.engine.parse(body, this.sha256));
  }

  /** What the document is, without parsing it when these bytes were outlined before. */
  get outline(): DocumentOutline {
    // Read twice a poll (to route the target, then for the report): the shared table is asked once.
    if (this.outlineMemo !== undefined) return this.outlineMemo;
    let outline = outlines.get(this.sha256);
    if (outline === undefined) {
      outline = outlineOf(this.parsed);
      outlines.set(this.sha256, outline);
    }
    this.outlineMemo = outline;
    return outline;
  }

  /** This document as a discovery document (of the flavour its members show, unless told); the parse is shared. */
  asDiscovery(
    discoveryUrl: string | undefined,
    expectedIssuer: string | undefined,
    flavour: DiscoveryFlavour = this.outline.flavour,
  ): LoadedDiscovery {
    const discovery = new LoadedDiscovery(
      this.source,
      this.body,
      this.sha256,
      this.engine,
      this.fetch,
      discoveryUrl,
      expectedIssuer,
      flavour,
    );
    discovery.parsedMemo = this.parsedMemo;
    discovery.outlineMemo = this.outlineMemo;
    return discovery;
  }
}

export class LoadedDiscovery extends LoadedDocument {
  constructor(
    source: string,
    body: Uint8Array | BodyNotHeld,
    sha256: string,
    engine: Pick<Engine, 'parse'>,
    fetch: JudgedFetch | undefined,
    /** Undefined for a file. */
    readonly discoveryUrl: string | undefined,
    /** The issuer the discovery URL was derived from, when it was. */
    readonly expectedIssuer: string | undefined,
    readonly flavour: DiscoveryFlavour,
  ) {
    super(source, body, sha256, engine, fetch);
  }
}

function outlineOf(parsed: ParsedDocument): DocumentOutline {
  const value = parsed.ok ? parsed.value : undefined;
  const kind = detectDocumentKind(value);
  const flavour = detectDiscoveryFlavour(value);
  const jwksUri = isRecord(value) && typeof value['jwks_uri'] === 'string' ? value['jwks_uri'] : undefined;
  if (jwksUri !== undefined) return { ok: parsed.ok, kind, flavour, jwksUri };
  return sharedOutlines.of(`${parsed.ok} ${kind} ${flavour}`, () => ({ ok: parsed.ok, kind, flavour, jwksUri }));
}
