import { createRegistry } from '../src/perturbation/registry.js';
import type { AnyPerturbation } from '../src/perturbation/types.js';
import { alarm } from './alarm.js';
import { babble } from './babble.js';
import { bandpass } from './bandpass.js';
import { clipping } from './clipping.js';
import { codec } from './codec.js';
import { distortion } from './distortion.js';
import { eq } from './eq.js';
import { filter } from './filter.js';
import { gain } from './gain.js';
import { hum } from './hum.js';
import { defineIntermittent } from './intermittent.js';
import { level } from './level.js';
import { machine } from './machine.js';
import { mask } from './mask.js';
import { noise } from './noise.js';
import { packetloss } from './packetloss.js';
import { reverb } from './reverb.js';
import { silence } from './silence.js';
import { speed } from './speed.js';

/**
 * Every perturbation kind, by YAML name. Adding a kind: one file here, one line below.
 * intermittent is handed this registry's lookup for its inner step (called at apply time,
 * after the registry exists), so no plug-in imports this file.
 */
const registry = createRegistry([
  gain,
  level,
  noise,
  babble,
  hum,
  alarm,
  machine,
  reverb,
  bandpass,
  filter,
  eq,
  codec,
  packetloss,
  clipping,
  distortion,
  speed,
  silence,
  mask,
  defineIntermittent((name) => registry.findPerturbation(name)),
] as unknown as AnyPerturbation[]);

export const { perturbations, perturbationNames, findPerturbation, getPerturbation } = registry;
