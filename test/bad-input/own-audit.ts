/**
 * The second audit's own malformed inputs (odd encodings, BOMs, CRLF, NaN/huge/negative numbers,
 * duplicated keys, links out of folders, arrays for rows, runaway engines, bad flag values),
 * rows of the table in test/bad-input/table.ts like the first audit's.
 */
import { EXIT } from '../../src/cli/exit-codes.js';
import {
  type BadInput,
  chain,
  clip,
  GOOD,
  perturbCorpus,
  row,
  run,
  scenario,
  suite,
  validate,
  validateSuite,
} from './builders.js';

/** A mono 16-bit 16 kHz WAV of `seconds` of a 440 Hz tone at `amplitude` (of full scale). */
function toneWav(amplitude: number, seconds = 1): Buffer {
  const rate = 16_000;
  const n = rate * seconds;
  const out = Buffer.alloc(44 + 2 * n);
  out.write('RIFF', 0);
  out.writeUInt32LE(36 + 2 * n, 4);
  out.write('WAVEfmt ', 8);
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36);
  out.writeUInt32LE(2 * n, 40);
  for (let i = 0; i < n; i++)
    out.writeInt16LE(
      Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * 440 * i) / rate)),
      44 + 2 * i,
    );
  return out;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const utf16 = (text: string) =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const engine = (file: string, body: string) => ({ [file]: body });
const runWith = (engineId: string, ...extra: string[]) =>
  run('--engine', engineId, '--no-cache', '--progress', 'none', ...extra);

export const OWN_AUDIT: readonly BadInput[] = [
  // ── scenario encodings and numbers ──
  {
    input: 'scenario with a UTF-8 byte-order mark (accepted)',
    files: { 'bad.yaml': Buffer.concat([BOM, Buffer.from(GOOD)]) },
    args: validate,
    exit: EXIT.ok,
    says: [],
    prints: ['bad.yaml: ok'],
  },
  {
    input: 'scenario with CRLF line ends (accepted)',
    files: scenario(GOOD.replaceAll('\n', '\r\n')),
    args: validate,
    exit: EXIT.ok,
    says: [],
    prints: ['bad.yaml: ok'],
  },
  {
    input: 'scenario saved as UTF-16',
    files: { 'bad.yaml': utf16(GOOD) },
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml', 'UTF-16'],
  },
  {
    input: 'scenario holding a NUL byte',
    files: { 'bad.yaml': `${GOOD}# \0\n` },
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:7', 'NUL'],
  },
  {
    input: 'seed is NaN',
    files: scenario(GOOD.replace('seed: 7', 'seed: .nan')),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:2', 'seed'],
  },
  {
    input: 'seed past the largest exact integer',
    files: scenario(GOOD.replace('seed: 7', 'seed: 1e30')),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:2', 'seed'],
  },
  {
    input: 'seed is a fraction',
    files: scenario(GOOD.replace('seed: 7', 'seed: 1.5')),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:2', 'seed'],
  },
  {
    input: 'parameter is NaN',
    files: chain('noise: { snr: .nan }'),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:6', 'snr'],
  },
  {
    input: 'parameter overflows to infinity (1e400)',
    files: chain('gain: { db: 1e400 }'),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:6', 'db'],
  },
  {
    input: 'parameter with a unit overflows to infinity ("1e400dB")',
    files: chain('gain: { db: "1e400dB" }'),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:6', 'db'],
  },
  {
    input: 'range with min above max',
    files: chain('noise: { snr: { min: 20, max: 5 } }'),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:6', 'min'],
  },
  {
    input: 'oneOf with no values',
    files: chain('noise: { color: { oneOf: [] }, snr: 10 }'),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:6', 'color'],
  },
  {
    input: 'duplicate key inside a step',
    files: chain('gain: { db: -6, db: -3 }'),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:6', 'duplicate key'],
  },
  {
    input: 'a step that is a list',
    files: chain('[gain, -6]'),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:6'],
  },
  {
    input: 'a step naming two kinds',
    files: chain('{ gain: { db: -6 }, noise: { snr: 5 } }'),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:6', 'exactly one'],
  },
  {
    input: 'condition named "clean"',
    files: scenario(GOOD.replace('minus6', 'clean')),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:4', 'clean'],
  },
  {
    input: 'condition name with a slash',
    files: scenario(GOOD.replace('minus6', 'a/b')),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:4', 'name'],
  },
  {
    input: 'scenario name is a number',
    files: scenario(GOOD.replace('name: good', 'name: 123')),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:1', 'name'],
  },
  {
    input: 'thresholds.alpha above 1',
    files: scenario(`${GOOD}thresholds: { alpha: 1.5 }\n`),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:7', 'alpha'],
  },
  {
    input: 'scenario whose top level is a list',
    files: scenario('- name: s\n- seed: 7\n'),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:1', 'mapping'],
  },
  {
    input: 'sweep with no values',
    files: scenario(
      'name: s\nseed: 7\nconditions:\n  - name: c\n    sweep: { snr: [] }\n    chain:\n      - noise: { snr: $snr }\n',
    ),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:5', 'snr'],
  },
  {
    input: 'sweep variable no step uses (warning)',
    files: scenario(
      'name: s\nseed: 7\nconditions:\n  - name: c\n    sweep: { snr: [5, 10], db: [-3] }\n    chain:\n      - noise: { snr: $snr }\n',
    ),
    args: validate,
    exit: EXIT.ok,
    says: ['bad.yaml:5', '$db'],
  },
  {
    input: 'scenario larger than the YAML size limit',
    env: { LASTMILE_MAX_YAML_BYTES: '64' },
    files: scenario(GOOD),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml', 'LASTMILE_MAX_YAML_BYTES'],
  },
  {
    input: 'size limit variable that is not a number',
    env: { LASTMILE_MAX_YAML_BYTES: 'lots' },
    files: scenario(GOOD),
    args: validate,
    exit: EXIT.badInput,
    says: ['LASTMILE_MAX_YAML_BYTES', 'lots'],
  },
  // ── files a scenario names ──
  {
    input: 'noise-bed file that is a link out of the scenario folder',
    files: {
      'scen/bad.yaml': chain('noise: { file: beds/bed.wav, snr: 20 }')['bad.yaml'],
      'outside/bed.wav': toneWav(0.1),
    },
    links: { 'scen/beds/bed.wav': '../../outside/bed.wav' },
    args: ['validate', '{dir}/scen/bad.yaml'],
    exit: EXIT.badInput,
    says: ['bad.yaml:6', 'leaves'],
  },
  {
    input: 'noise-bed folder holding a link out of the scenario folder',
    files: {
      'scen/bad.yaml': chain('noise: { file: beds, snr: 20 }')['bad.yaml'],
      'scen/beds/a.wav': toneWav(0.1),
      'outside/b.wav': toneWav(0.1),
    },
    links: { 'scen/beds/b.wav': '../../outside/b.wav' },
    args: ['validate', '{dir}/scen/bad.yaml'],
    exit: EXIT.badInput,
    says: ['bad.yaml:6', 'b.wav'],
  },
  {
    input: 'noise-bed file outside the folder with allowFilesOutside: true (accepted)',
    files: {
      'scen/bad.yaml': `allowFilesOutside: true\n${chain('noise: { file: ../outside/bed.wav, snr: 20 }')['bad.yaml']}`,
      'outside/bed.wav': toneWav(0.1),
    },
    args: ['validate', '{dir}/scen/bad.yaml'],
    exit: EXIT.ok,
    says: [],
    prints: ['bad.yaml: ok'],
  },
  {
    input: 'impulse-response file that does not exist',
    files: chain('reverb: { ir: irs/none.wav }'),
    args: validate,
    exit: EXIT.badInput,
    says: ['bad.yaml:6', 'none.wav'],
  },
  // ── suite files ──
  {
    input: 'suite YAML alias bomb',
    files: {
      'bad-suite.yaml': `name: s\nscenarios: [good.yaml]\ncorpus: corpus/manifest.jsonl\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
    },
    args: validateSuite,
    exit: EXIT.badInput,
    says: ['bad-suite.yaml', 'alias'],
  },
  {
    input: 'suite with a second YAML document',
    files: suite('---\nname: t\n'),
    args: validateSuite,
    exit: EXIT.badInput,
    says: ['bad-suite.yaml:4', 'one document'],
  },
  {
    input: 'suite engine entry that is a number',
    files: suite('engines: [5]\n'),
    args: validateSuite,
    exit: EXIT.badInput,
    says: ['bad-suite.yaml:4', 'engines[0]'],
  },
  {
    input: 'suite engine timeoutMs: 0',
    files: suite('engines:\n  - id: pocketsphinx\n    timeoutMs: 0\n'),
    args: validateSuite,
    exit: EXIT.badInput,
    says: ['bad-suite.yaml:6', 'timeoutMs'],
  },
  {
    input: 'suite engine maxTranscriptChars: -1',
    files: suite('engines:\n  - id: pocketsphinx\n    maxTranscriptChars: -1\n'),
    args: validateSuite,
    exit: EXIT.badInput,
    says: ['bad-suite.yaml:6', 'maxTranscriptChars'],
  },
  {
    input: 'suite maxErrorRate: 2',
    files: suite('maxErrorRate: 2\n'),
    args: validateSuite,
    exit: EXIT.badInput,
    says: ['bad-suite.yaml:4', 'maxErrorRate'],
  },
  {
    input: 'suite limit: -1',
    files: suite('limit: -1\n'),
    args: validateSuite,
    exit: EXIT.badInput,
    says: ['bad-suite.yaml:4', 'limit'],
  },
  // ── corpus manifests ──
  {
    input: 'manifest line that is an array',
    files: { 'm.jsonl': '["c0", "corpus/clips/c0.wav", "a b"]\n' },
    args: perturbCorpus('m.jsonl'),
    exit: EXIT.badInput,
    says: ['m.jsonl:1', 'JSON object'],
  },
  {
    input: 'manifest reference text that is a mapping',
    files: {
      'm.jsonl': `${row({ id: 'c0', audio: 'corpus/clips/c0.wav', text: { en: 'a b' }, speaker: 's' })}\n`,
    },
    args: perturbCorpus('m.jsonl'),
    exit: EXIT.badInput,
    says: ['m.jsonl:1', '"text"'],
  },
  {
    input: 'manifest clip id with a control character',
    files: { 'm.jsonl': `${clip('c\u0007', 'corpus/clips/c0.wav')}\n` },
    args: perturbCorpus('m.jsonl'),
    exit: EXIT.badInput,
    says: ['m.jsonl:1', 'clip id'],
  },
  {
    input: 'manifest audio path that is a link out of the corpus folder',
    files: { 'c/m.jsonl': `${clip('c0', 'a.wav')}\n`, 'outside/a.wav': toneWav(0.1) },
    links: { 'c/a.wav': '../outside/a.wav' },
    args: perturbCorpus('c/m.jsonl'),
    exit: EXIT.badInput,
    says: ['m.jsonl:1', 'leaves the corpus folder'],
  },
  {
    input: 'manifest audio path that is absolute, outside its folder (accepted: said on purpose)',
    files: { 'c/m.jsonl': `${clip('c0', '{dir}/corpus/clips/c0.wav')}\n` },
    args: perturbCorpus('c/m.jsonl', '--condition', 'clean'),
    exit: EXIT.ok,
    says: [],
    prints: ['wrote 1 WAV files'],
  },
  {
    input: 'manifest audio outside the folder with LASTMILE_CORPUS_ROOT set (accepted)',
    env: { LASTMILE_CORPUS_ROOT: '{dir}' },
    files: { 'c/m.jsonl': `${clip('c0', '../corpus/clips/c0.wav')}\n` },
    args: perturbCorpus('c/m.jsonl', '--condition', 'clean'),
    exit: EXIT.ok,
    says: [],
    prints: ['wrote 1 WAV files'],
  },
  {
    input: 'manifest audio path that is a folder',
    files: { 'm.jsonl': `${clip('c0', 'corpus/clips')}\n` },
    args: perturbCorpus('m.jsonl'),
    exit: EXIT.badInput,
    says: ['m.jsonl:1', 'not a file'],
  },
  {
    input: 'manifest with Latin-1 bytes',
    files: {
      'm.jsonl': Buffer.concat([
        Buffer.from('{"id":"c0","audio":"corpus/clips/c0.wav","text":"caf'),
        Buffer.from([0xe9]),
        Buffer.from('","speaker":"s","accent":"x"}\n'),
      ]),
    },
    args: perturbCorpus('m.jsonl'),
    exit: EXIT.badInput,
    says: ['m.jsonl:1:', 'UTF-8'],
  },
  {
    input: 'manifest with a BOM and CRLF line ends (accepted)',
    files: {
      'm.jsonl': Buffer.concat([
        BOM,
        Buffer.from(
          `${clip('c0', 'corpus/clips/c0.wav')}\r\n${clip('c1', 'corpus/clips/c1.wav')}\r\n`,
        ),
      ]),
    },
    args: perturbCorpus('m.jsonl', '--condition', 'clean'),
    exit: EXIT.ok,
    says: [],
    prints: ['wrote 2 WAV files'],
  },
  {
    input: 'manifest of comments only',
    files: { 'm.jsonl': '// nothing yet\n' },
    args: perturbCorpus('m.jsonl'),
    exit: EXIT.badInput,
    says: ['m.jsonl', 'no usable clips'],
  },
  {
    input: 'CSV row with an extra field',
    files: { 'm.csv': 'id,audio,text,speaker,accent\nc0,corpus/clips/c0.wav,a b,s,x,extra\n' },
    args: perturbCorpus('m.csv'),
    exit: EXIT.badInput,
    says: ['m.csv:2', 'fields'],
  },
  {
    input: 'manifest larger than its size limit',
    env: { LASTMILE_MAX_MANIFEST_BYTES: '10' },
    args: perturbCorpus('corpus/manifest.jsonl'),
    exit: EXIT.badInput,
    says: ['manifest.jsonl', 'LASTMILE_MAX_MANIFEST_BYTES'],
  },
  {
    input: 'clip audio larger than its size limit',
    env: { LASTMILE_MAX_AUDIO_BYTES: '1000' },
    args: perturbCorpus('corpus/manifest.jsonl'),
    exit: EXIT.badInput,
    says: ['corpus/clips/c', 'LASTMILE_MAX_AUDIO_BYTES'],
  },
  {
    input: 'YAML alias limit variable set to zero',
    env: { LASTMILE_MAX_YAML_ALIASES: '0' },
    files: scenario(GOOD),
    args: validate,
    exit: EXIT.badInput,
    says: ['LASTMILE_MAX_YAML_ALIASES'],
  },
  {
    input: 'manifest audio file that is empty',
    files: { 'm.jsonl': `${clip('c0', 'empty.wav')}\n`, 'empty.wav': '' },
    args: perturbCorpus('m.jsonl'),
    exit: EXIT.badInput,
    says: ['empty.wav', 'empty'],
  },
  {
    input: 'manifest audio file that is text named .wav',
    files: { 'm.jsonl': `${clip('c0', 'fake.wav')}\n`, 'fake.wav': 'not audio at all\n' },
    args: perturbCorpus('m.jsonl'),
    exit: EXIT.badInput,
    says: ['fake.wav'],
  },
  {
    input: 'clip ids that differ only in case (kept apart)',
    files: {
      'm.jsonl': `${clip('A', 'corpus/clips/c0.wav')}\n${clip('a', 'corpus/clips/c1.wav')}\n`,
    },
    args: perturbCorpus('m.jsonl', '--condition', 'clean'),
    exit: EXIT.ok,
    says: [],
    prints: ['wrote 2 WAV files'],
  },
  {
    input: 'normalising a near-silent clip (+54 dB, warning)',
    files: {
      'm.jsonl': `${clip('quiet', 'quiet.wav')}\n`,
      'quiet.wav': toneWav(0.0001),
      'loud.yaml':
        'name: s\nseed: 7\nconditions:\n  - name: up\n    chain:\n      - level: { target: -26 }\n',
    },
    args: [
      'perturb',
      '{dir}/loud.yaml',
      '--corpus',
      '{dir}/m.jsonl',
      '--out',
      '{dir}/heard',
      '--condition',
      'up',
    ],
    exit: EXIT.ok,
    says: ['up/quiet.wav', 'near silence'],
  },
  // ── command-line values of other commands ──
  {
    input: 'stats --alpha 2',
    args: ['stats', '{dir}/o', '--alpha', '2'],
    exit: EXIT.usage,
    says: ['--alpha'],
  },
  {
    input: 'stats --seed -1',
    args: ['stats', '{dir}/o', '--seed', '-1'],
    exit: EXIT.usage,
    says: ['--seed'],
  },
  {
    input: 'stats --excess NaN',
    args: ['stats', '{dir}/o', '--excess', 'lots'],
    exit: EXIT.usage,
    says: ['--excess'],
  },
  {
    input: 'stats --normalizer unknown (typo)',
    args: ['stats', '{dir}/o', '--normalizer', 'en-basik'],
    exit: EXIT.usage,
    says: ['--normalizer', 'en-basic'],
  },
  {
    input: 'score --normalizer unknown',
    files: { 'pairs.jsonl': `${row({ id: 'a', ref: 'a b', hyp: 'a' })}\n` },
    args: ['score', '{dir}/pairs.jsonl', '--normalizer', 'klingon'],
    exit: EXIT.usage,
    says: ['--normalizer'],
  },
  {
    input: 'score pairs with Latin-1 bytes',
    files: {
      'pairs.jsonl': Buffer.concat([
        Buffer.from('{"id":"a","ref":"caf'),
        Buffer.from([0xe9]),
        Buffer.from(' au lait","hyp":"cafe au lait"}\n'),
      ]),
    },
    args: ['score', '{dir}/pairs.jsonl'],
    exit: EXIT.badInput,
    says: ['pairs.jsonl:1:', 'UTF-8'],
  },
  {
    input: 'score pairs line that is an array',
    files: { 'pairs.jsonl': '["a", "b"]\n' },
    args: ['score', '{dir}/pairs.jsonl'],
    exit: EXIT.badInput,
    says: ['pairs.jsonl:1', 'JSON object'],
  },
  {
    input: 'profile of a text file named .wav',
    files: { 'room.wav': 'hello\n' },
    args: ['profile', '{dir}/room.wav', '--out', '{dir}/p/room.yaml'],
    exit: EXIT.badInput,
    says: ['room.wav'],
    absent: ['p/room.yaml'],
  },
  {
    input: 'init over a file',
    args: ['init', '{dir}/good.yaml'],
    exit: EXIT.badInput,
    says: ['good.yaml', 'not a folder'],
  },
  {
    input: 'merge of folders that are not runs',
    dirs: ['a', 'b'],
    args: ['merge', '{dir}/a', '{dir}/b', '--out', '{dir}/m'],
    exit: EXIT.badInput,
    says: ['has no run.json'],
    absent: ['m'],
  },
  {
    input: 'perturb --rate 1e9 (would write gigabytes)',
    args: perturbCorpus('corpus/manifest.jsonl', '--rate', '1e9'),
    exit: EXIT.usage,
    says: ['--rate', '384000'],
    absent: ['heard'],
  },
  {
    input: 'run --concurrency 1e9',
    args: runWith('command:cat {audio}', '--concurrency', '1e9'),
    exit: EXIT.usage,
    says: ['--concurrency'],
  },
  {
    input: '--engine-config timeoutMs past what a timer can wait',
    args: runWith('command:cat {audio}', '--engine-config', 'timeoutMs=3000000000'),
    exit: EXIT.usage,
    says: ['timeoutMs'],
  },
  {
    input: '--engine-config rps=Infinity',
    args: runWith('command:cat {audio}', '--engine-config', 'rps=Infinity'),
    exit: EXIT.usage,
    says: ['rps'],
  },
  {
    input: 'stats --permutations 1e12',
    args: ['stats', '{dir}/o', '--permutations', '1e12'],
    exit: EXIT.usage,
    says: ['--permutations'],
  },
  {
    input: 'compare --alpha 0',
    args: ['compare', '{dir}/a', '{dir}/b', '--alpha', '0'],
    exit: EXIT.usage,
    says: ['--alpha'],
  },
  {
    input: 'power --speakers 1',
    args: ['power', '--speakers', '1'],
    exit: EXIT.usage,
    says: ['--speakers'],
  },
  { input: 'run --shard 3/2', args: run('--shard', '3/2'), exit: EXIT.usage, says: ['--shard'] },
  {
    input: '--engine-config maxTranscriptChars=0',
    args: runWith('command:cat {audio}', '--engine-config', 'maxTranscriptChars=0'),
    exit: EXIT.usage,
    says: ['maxTranscriptChars'],
  },
  { input: 'validate with no file', args: ['validate'], exit: EXIT.usage, says: ['files'] },
  // ── engines that misbehave ──
  {
    input: 'file: engine module that does not exist (no folder left behind)',
    args: runWith('file:./none.mjs'),
    exit: EXIT.badInput,
    says: ['none.mjs'],
    absent: ['o'],
  },
  {
    input: 'file: engine with a syntax error',
    files: engine(
      'bad-engine.mjs',
      'export default {\n  transcribe(input {\n    return "x";\n  },\n};\n',
    ),
    args: runWith('file:./bad-engine.mjs'),
    exit: EXIT.badInput,
    says: ['bad-engine.mjs:2:', 'SyntaxError'],
    absent: ['o'],
  },
  {
    input: 'file: engine that throws while loading',
    files: engine(
      'bad-engine.mjs',
      'const ready = false;\nif (!ready) throw new Error("model missing");\nexport default {};\n',
    ),
    args: runWith('file:./bad-engine.mjs'),
    exit: EXIT.badInput,
    says: ['bad-engine.mjs:2:', 'model missing'],
    absent: ['o'],
  },
  {
    input: 'file: engine whose transcribe throws',
    files: engine(
      'bad-engine.mjs',
      'export default {\n  transcribe(input) {\n    return input.nothing.text;\n  },\n};\n',
    ),
    args: runWith('file:./bad-engine.mjs'),
    exit: EXIT.runErrors,
    says: ['bad-engine.mjs:3:', 'TypeError'],
  },
  {
    input: 'engine that prints nothing for speech',
    args: runWith('command:true {audio}'),
    exit: EXIT.nothingTested,
    says: ['empty transcript for 4 of 4 units', '100 % WER'],
  },
  {
    input: 'engine that prints more than maxTranscriptChars',
    args: runWith(
      'command:echo a very long transcript indeed {audio}',
      '--engine-config',
      'maxTranscriptChars=10',
    ),
    exit: EXIT.runErrors,
    says: ['longer than maxTranscriptChars (10)'],
  },
  {
    input: '--out under a path whose parent is a file',
    files: { 'taken.txt': 'x' },
    args: [
      'run',
      '{dir}/good.yaml',
      '--corpus',
      '{dir}/corpus/manifest.jsonl',
      '--out',
      '{dir}/taken.txt/o',
      '--engine',
      'command:cat {audio}',
    ],
    exit: EXIT.badInput,
    says: ['taken.txt'],
  },
  {
    input: 'perturb --out naming an existing file',
    files: { 'taken.txt': 'x' },
    args: [
      'perturb',
      '{dir}/good.yaml',
      '--corpus',
      '{dir}/corpus/manifest.jsonl',
      '--out',
      '{dir}/taken.txt',
    ],
    exit: EXIT.badInput,
    says: ['taken.txt'],
  },
];
