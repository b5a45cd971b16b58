import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitPoisson } from '../../src/stats/glm.js';

/**
 * The Poisson GLM and its cluster-robust standard errors against R on a fixed data set:
 * glm() for the coefficients, clubSandwich::vcovCR(type = "CR3") for the CR3 errors the
 * ratio of ratios uses, sandwich::vcovCL(HC0, cadjust) for the plain G/(G − 1) sandwich.
 * The numbers were computed once by test/stats/reference/glm-reference.R and committed.
 */
const dir = 'test/stats/reference';
const ref = JSON.parse(readFileSync(`${dir}/glm-reference.json`, 'utf8')) as {
  coefficients: number[];
  seCR3: number[];
  seCR1: number[];
};
const rows = readFileSync(`${dir}/glm-fixture.csv`, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(','));
const speakers = [...new Set(rows.map((r) => r[0]))];

describe('Poisson GLM against R (glm, clubSandwich, sandwich)', () => {
  const fit = fitPoisson({
    x: Float64Array.from(
      rows.flatMap(([, g, c]) => [1, Number(g), Number(c), Number(g) * Number(c)]),
    ),
    p: 4,
    y: Float64Array.from(rows, (r) => Number(r[3])),
    offset: Float64Array.from(rows, (r) => Math.log(Number(r[4]))),
    cluster: Int32Array.from(rows, (r) => speakers.indexOf(r[0])),
  })!;

  it('fits the same coefficients', () => {
    for (const [k, b] of fit.beta.entries()) expect(b).toBeCloseTo(ref.coefficients[k], 8);
  });

  it('gives clubSandwich’s CR3 standard errors', () => {
    for (const [k, s] of fit.seCR3.entries()) expect(s / ref.seCR3[k]).toBeCloseTo(1, 6);
  });

  it('gives sandwich’s clustered (G/(G − 1)) standard errors', () => {
    for (const [k, s] of fit.seCluster.entries()) expect(s / ref.seCR1[k]).toBeCloseTo(1, 6);
  });
});
