import type { Rule } from '../types.js';
import { rotationDiscoveryDrift } from './discovery-drift.js';
import { rotationFlapping } from './flapping.js';
import { rotationKeyAge } from './key-age.js';
import { rotationKidReuse } from './kid-reuse.js';
import { rotationMaterialReuse } from './material-reuse.js';
import { rotationNoOverlap } from './no-overlap.js';
import { rotationTooFast } from './too-fast.js';
import { rotationValidatorStale } from './validator-stale.js';

/**
 * The "Change over time" group. They read the history store (src/history builds their input), so the recorder
 * runs them, not the per-document engine.
 */
export const historyRules: readonly Rule<'history'>[] = [
  rotationKidReuse,
  rotationMaterialReuse,
  rotationNoOverlap,
  rotationKeyAge,
  rotationFlapping,
  rotationDiscoveryDrift,
  rotationValidatorStale,
  rotationTooFast,
];

/** Their ids: the rules the recorder, not the engine, evaluates. */
export const HISTORY_RULE_IDS: ReadonlySet<string> = new Set(historyRules.map((rule) => rule.id));
