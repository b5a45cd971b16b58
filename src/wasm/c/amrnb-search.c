/* opencore-amr's algebraic codebook search for AMR-NB 12.2 kbit/s (s10_8pf.cpp,
 * search_10and8i40: ten pulses on five tracks of eight positions), with the eight positions of
 * each pulse pair's second track in the lanes of WebAssembly SIMD vectors. The pulses found are
 * the original's, bit for bit:
 *  - Every candidate's value is the same integer expression: 16-bit sums wrap as the Word16
 *    stores in the C do, 32-bit sums and shifts are the same i32 operations (wrapping, in wasm32
 *    as in the scalar build), only in lanes.
 *  - The C keeps a running best and replaces it when a candidate is strictly better,
 *    sq2 * alp > sq * alp2. While every alp2 of a pulse pair lies in [1, 32767] (checked for
 *    the whole pair, lane by lane), that test compares the fractions sq2 / alp2 and sq / alp
 *    exactly (the products stay within 2^30), a total preorder: the scan ends on the first
 *    candidate, in the C's order (outer position, then inner), with the largest fraction, if it
 *    beats the starting (-1, 1). Each lane keeps its own first best over the outer positions
 *    (strict test, in order); the lanes are then merged by fraction, ties to the earlier
 *    (outer, inner) position. When some alp2 of a pair falls outside [1, 32767] the pair is
 *    searched again by the C's scalar loop (copied below), so the result never depends on it.
 * 10.2 kbit/s (eight pulses, four tracks of ten) keeps the original function, compiled from
 * s10_8pf.cpp under the name lm_search_10and8i40_c. */
#include <wasm_simd128.h>
#include "s10_8pf.h"

void lm_search_10and8i40_c(Word16 nbPulse, Word16 step, Word16 nbTracks, Word16 dn[],
                           Word16 rr[][L_CODE], Word16 ipos[], Word16 pos_max[], Word16 codvec[],
                           Flag *pOverflow);

#define STEP 5
#define NPOS 8 /* positions on a track: L_CODE / STEP */

/* The outcome of one pulse pair's search: the C's sq, ps, alp, ia, ib. */
typedef struct {
  Word16 sq, ps, alp, ia, ib;
} Pair;

/* A pair after the first (i4/i5, i6/i7, i8/i9): the left shifts of its sums. */
typedef struct {
  int diag, prev, cand, talp, round; /* round: 2 for (s + 2) >> 2, 3 for (s + 4) >> 3 */
  int transposed; /* the C reads rr[ik][x] (0) or rr[x][ik] (1) for earlier pulses x */
  int column;     /* the C reads rr[j][x] (0) or rr[x][j] (1) for earlier pulses x */
} Shifts;

static const Shifts PAIR2 = {11, 12, 12, 14, 2, 0, 0};
static const Shifts PAIR3 = {10, 11, 11, 14, 3, 1, 0};
static const Shifts PAIR4 = {9, 10, 10, 13, 3, 1, 1};

/* rr and dn with each track's eight positions side by side: t[r][8 tr + k] = rr[r][tr + 5k],
 * diag[8 tr + k] = rr[p][p] and dn[8 tr + k] = dn[p] at p = tr + 5k. cor_h writes rr
 * symmetric (each value to [i][j] and [j][i]), so rr[p][x] = rr[x][p] = t[x][8 tr + k]: every
 * term the C reads, along a row or a column, is one vector load here. */
typedef struct {
  Word16 t[L_CODE][L_CODE];
  Word16 diag[L_CODE];
  Word16 dn[L_CODE];
} Tracks;

/* Row r's tracks, five vectors of eight: lanes 0 and 5 of four loads 10 apart hold positions
 * tr, tr + 5 … tr + 35 (the last load reads two entries past the row: unused lanes). */
static void tracks_build(Tracks *T, Word16 rr[][L_CODE], const Word16 *dn) {
  for (int r = 0; r < L_CODE; r++) {
    const Word16 *row = rr[r];
    for (int tr = 0; tr < STEP; tr++) {
      const Word16 *p = row + tr;
      v128_t ab = wasm_i16x8_shuffle(wasm_v128_load(p), wasm_v128_load(p + 10), 0, 5, 8, 13, 0, 0,
                                     0, 0);
      v128_t cd = wasm_i16x8_shuffle(wasm_v128_load(p + 20), wasm_v128_load(p + 30), 0, 5, 8, 13,
                                     0, 0, 0, 0);
      wasm_v128_store(&T->t[r][8 * tr], wasm_i16x8_shuffle(ab, cd, 0, 1, 2, 3, 8, 9, 10, 11));
    }
  }
  for (int tr = 0; tr < STEP; tr++)
    for (int k = 0; k < NPOS; k++) {
      int p = tr + STEP * k;
      T->diag[8 * tr + k] = rr[p][p];
      T->dn[8 * tr + k] = dn[p];
    }
}

static inline v128_t lo32(v128_t x) { return wasm_i32x4_extend_low_i16x8(x); }
static inline v128_t hi32(v128_t x) { return wasm_i32x4_extend_high_i16x8(x); }
static inline v128_t load8(const Word16 *p) { return wasm_v128_load(p); }

/* Low 16 bits of each i32 lane (a C cast to Word16), as eight i16 lanes: lo's four, then hi's. */
static inline v128_t low16(v128_t lo, v128_t hi) {
  return wasm_i8x16_shuffle(lo, hi, 0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29);
}

/* (Word16)((x * x) >> 15) of each lane's 16-bit x, as i32 lanes (low or high half). */
static inline v128_t square_lo(v128_t x) {
  v128_t p = wasm_i32x4_shr(wasm_i32x4_extmul_low_i16x8(x, x), 15);
  return wasm_i32x4_shr(wasm_i32x4_shl(p, 16), 16);
}
static inline v128_t square_hi(v128_t x) {
  v128_t p = wasm_i32x4_shr(wasm_i32x4_extmul_high_i16x8(x, x), 15);
  return wasm_i32x4_shr(wasm_i32x4_shl(p, 16), 16);
}

/* Lane state: each lane's first best over the outer positions (strict test, as the C). */
typedef struct {
  v128_t sq, alp, j;
} Lanes;

static inline void lanes_update(Lanes *b, v128_t sq2, v128_t alp2, v128_t j) {
  v128_t gt = wasm_i32x4_gt(wasm_i32x4_mul(sq2, b->alp), wasm_i32x4_mul(b->sq, alp2));
  b->sq = wasm_v128_bitselect(sq2, b->sq, gt);
  b->alp = wasm_v128_bitselect(alp2, b->alp, gt);
  b->j = wasm_v128_bitselect(j, b->j, gt);
}

/* Merges the lanes (lo: inner positions 0-3, hi: 4-7) into the C's result. */
static inline __attribute__((always_inline)) Pair lanes_merge(const Lanes *lo, const Lanes *hi, const Word16 *dn, const Word16 *tps,
                        int ta, int tb) {
  int32_t sq[NPOS], alp[NPOS], j[NPOS];
  wasm_v128_store(sq, lo->sq), wasm_v128_store(sq + 4, hi->sq);
  wasm_v128_store(alp, lo->alp), wasm_v128_store(alp + 4, hi->alp);
  wasm_v128_store(j, lo->j), wasm_v128_store(j + 4, hi->j);
  int32_t bsq = -1, balp = 1, bj = -1, bk = 0;
  for (int k = 0; k < NPOS; k++) {
    if (j[k] < 0) continue; /* never beat the start */
    int32_t l = sq[k] * balp, r = bsq * alp[k];
    if (l > r || (l == r && j[k] < bj)) bsq = sq[k], balp = alp[k], bj = j[k], bk = k;
  }
  if (bj < 0) return (Pair){-1, 0, 1, (Word16)ta, (Word16)tb};
  return (Pair){(Word16)bsq, (Word16)(dn[bj] + tps[bk]), (Word16)balp, (Word16)bj,
                (Word16)(tb + STEP * bk)};
}

/* rr entry between an earlier pulse x and position p, as the C reads it. */
static inline Word32 rr_at(Word16 rr[][L_CODE], int transposed, int x, int p) {
  return transposed ? rr[x][p] : rr[p][x];
}

/* The i2/i3 pair, as the C's scalar loop. */
static Pair first_pair_c(const Word16 *dn, Word16 rr[][L_CODE], const Word16 *tps,
                         const Word16 *talp, Word32 alp0, int i0, int i1, int ta, int tb) {
  Word16 sq = -1, alp = 1, ps = 0, ia = ta, ib = tb;
  Word32 s = alp0 >> 12;
  for (int j = ta; j < L_CODE; j += STEP) {
    const Word16 *row = rr[j];
    Word32 alp1 = (s + (Word32)row[j]) >> 1;
    alp1 += (Word32)row[i0];
    alp1 += (Word32)row[i1];
    Word16 ps1 = dn[j];
    for (int k = 0, i3 = tb; i3 < L_CODE; i3 += STEP, k++) {
      Word16 ps2 = ps1 + tps[k];
      Word16 sq2 = (Word16)(((Word32)ps2 * ps2) >> 15);
      Word32 alp2 = (alp1 + row[i3]) >> 2;
      alp2 = (alp2 + talp[k]) >> 1;
      if (((Word32)sq2 * alp) > ((Word32)sq * alp2))
        sq = sq2, ps = ps2, alp = (Word16)alp2, ia = j, ib = i3;
    }
  }
  return (Pair){sq, ps, alp, ia, ib};
}

/* The i2/i3 pair: i0 and i1 fixed, ps0 and alp0 their sums. */
static Pair first_pair(const Tracks *T, const Word16 *dn, Word16 rr[][L_CODE], Word16 ps0,
                       Word32 alp0, int i0, int i1, int ta, int tb) {
  /* At the eight positions i3 of track tb: s = rr[i3][i3] >> 1 + rr[i3][i0] + rr[i3][i1]. */
  const Word16 *d = T->diag + 8 * tb, *r0 = T->t[i0] + 8 * tb, *r1 = T->t[i1] + 8 * tb;
  v128_t slo = wasm_i32x4_add(wasm_i32x4_add(wasm_i32x4_shr(lo32(load8(d)), 1), lo32(load8(r0))),
                              lo32(load8(r1)));
  v128_t shi = wasm_i32x4_add(wasm_i32x4_add(wasm_i32x4_shr(hi32(load8(d)), 1), hi32(load8(r0))),
                              hi32(load8(r1)));
  Word16 tps[NPOS], talp[NPOS];
  v128_t vtps = wasm_i16x8_add(wasm_i16x8_splat(ps0), load8(T->dn + 8 * tb));
  v128_t vtalp = low16(wasm_i32x4_shr(wasm_i32x4_add(slo, wasm_i32x4_splat(2)), 2),
                       wasm_i32x4_shr(wasm_i32x4_add(shi, wasm_i32x4_splat(2)), 2));
  wasm_v128_store(tps, vtps), wasm_v128_store(talp, vtalp);
  v128_t tlo = lo32(vtalp), thi = hi32(vtalp);
  /* At the eight positions j of track ta: alp1 = ((alp0 >> 12) + rr[j][j]) >> 1 + rr[j][i0]
   * + rr[j][i1]. */
  int32_t alp1[NPOS];
  {
    const Word16 *dj = T->diag + 8 * ta, *a0 = T->t[i0] + 8 * ta, *a1 = T->t[i1] + 8 * ta;
    v128_t s = wasm_i32x4_splat(alp0 >> 12);
    v128_t lo = wasm_i32x4_shr(wasm_i32x4_add(s, lo32(load8(dj))), 1);
    v128_t hi = wasm_i32x4_shr(wasm_i32x4_add(s, hi32(load8(dj))), 1);
    lo = wasm_i32x4_add(wasm_i32x4_add(lo, lo32(load8(a0))), lo32(load8(a1)));
    hi = wasm_i32x4_add(wasm_i32x4_add(hi, hi32(load8(a0))), hi32(load8(a1)));
    wasm_v128_store(alp1, lo), wasm_v128_store(alp1 + 4, hi);
  }
  Lanes lo = {wasm_i32x4_splat(-1), wasm_i32x4_splat(1), wasm_i32x4_splat(-1)}, hi = lo;
  v128_t amin = wasm_i32x4_splat(32767), amax = wasm_i32x4_splat(1);
  for (int m = 0; m < NPOS; m++) {
    int j = ta + STEP * m;
    v128_t ps2 = wasm_i16x8_add(wasm_i16x8_splat(T->dn[8 * ta + m]), vtps);
    v128_t r = load8(T->t[j] + 8 * tb), va = wasm_i32x4_splat(alp1[m]), vj = wasm_i32x4_splat(j);
    v128_t alo = wasm_i32x4_shr(wasm_i32x4_add(lo32(r), va), 2);
    v128_t ahi = wasm_i32x4_shr(wasm_i32x4_add(hi32(r), va), 2);
    alo = wasm_i32x4_shr(wasm_i32x4_add(alo, tlo), 1);
    ahi = wasm_i32x4_shr(wasm_i32x4_add(ahi, thi), 1);
    amin = wasm_i32x4_min(amin, wasm_i32x4_min(alo, ahi));
    amax = wasm_i32x4_max(amax, wasm_i32x4_max(alo, ahi));
    lanes_update(&lo, square_lo(ps2), alo, vj);
    lanes_update(&hi, square_hi(ps2), ahi, vj);
  }
  if (wasm_i32x4_any_true(wasm_i32x4_lt(amin, wasm_i32x4_splat(1))) ||
      wasm_i32x4_any_true(wasm_i32x4_gt(amax, wasm_i32x4_splat(32767))))
    return first_pair_c(dn, rr, tps, talp, alp0, i0, i1, ta, tb);
  return lanes_merge(&lo, &hi, dn, tps, ta, tb);
}

/* A later pair, as the C's scalar loop. */
static Pair next_pair_c(const Word16 *dn, Word16 rr[][L_CODE], const Word16 *tps,
                        const Word16 *talp, Word32 alp0, const Word16 *prev, int nprev,
                        const Shifts *sh, int ta, int tb) {
  Word16 sq = -1, alp = 1, ps = 0, ia = ta, ib = tb;
  for (int j = ta; j < L_CODE; j += STEP) {
    const Word16 *row = rr[j];
    Word32 alp1 = alp0 + ((Word32)row[j] << sh->diag);
    for (int m = 0; m < nprev; m++)
      alp1 += rr_at(rr, sh->column, prev[m], j) << sh->prev;
    Word16 ps1 = dn[j];
    for (int k = 0, i5 = tb; i5 < L_CODE; i5 += STEP, k++) {
      Word16 ps2 = ps1 + tps[k];
      Word32 alp2 = alp1 + ((Word32)row[i5] << sh->cand);
      Word16 alp_16 = (Word16)((alp2 + ((Word32)talp[k] << sh->talp)) >> 16);
      Word16 sq2 = (Word16)(((Word32)ps2 * ps2) >> 15);
      if (((Word32)sq2 * alp) > ((Word32)sq * alp_16))
        sq = sq2, ps = ps2, alp = alp_16, ia = j, ib = i5;
    }
  }
  return (Pair){sq, ps, alp, ia, ib};
}

/* A later pair: the earlier pulses prev[0..nprev-1] fixed, ps and alp the last pair's. */
static inline __attribute__((always_inline)) Pair next_pair(const Tracks *T, const Word16 *dn,
    Word16 rr[][L_CODE], Word16 ps, Word16 alp, const Word16 *prev, int nprev, const Shifts *sh,
    int ta, int tb) {
  Word32 alp0 = ((Word32)alp << 15) + 0x00008000L;
  /* At the eight positions ik of track tb: s = rr[ik][ik] >> 1 + the sum of rr[ik][x] over
   * the earlier pulses x. */
  v128_t slo = wasm_i32x4_shr(lo32(load8(T->diag + 8 * tb)), 1);
  v128_t shi = wasm_i32x4_shr(hi32(load8(T->diag + 8 * tb)), 1);
  /* At the eight positions j of track ta: alp1 = alp0 + rr[j][j] << diag + the sum of
   * rr[j][x] << prev. */
  v128_t alo = wasm_i32x4_add(wasm_i32x4_splat(alp0),
                              wasm_i32x4_shl(lo32(load8(T->diag + 8 * ta)), sh->diag));
  v128_t ahi = wasm_i32x4_add(wasm_i32x4_splat(alp0),
                              wasm_i32x4_shl(hi32(load8(T->diag + 8 * ta)), sh->diag));
  for (int m = 0; m < nprev; m++) {
    const Word16 *row = T->t[prev[m]];
    v128_t b = load8(row + 8 * tb), a = load8(row + 8 * ta);
    slo = wasm_i32x4_add(slo, lo32(b)), shi = wasm_i32x4_add(shi, hi32(b));
    alo = wasm_i32x4_add(alo, wasm_i32x4_shl(lo32(a), sh->prev));
    ahi = wasm_i32x4_add(ahi, wasm_i32x4_shl(hi32(a), sh->prev));
  }
  int32_t alp1[NPOS];
  wasm_v128_store(alp1, alo), wasm_v128_store(alp1 + 4, ahi);
  v128_t rnd = wasm_i32x4_splat(1 << (sh->round - 1));
  Word16 tps[NPOS], talp[NPOS];
  v128_t vtps = wasm_i16x8_add(wasm_i16x8_splat(ps), load8(T->dn + 8 * tb));
  v128_t vtalp = low16(wasm_i32x4_shr(wasm_i32x4_add(slo, rnd), sh->round),
                       wasm_i32x4_shr(wasm_i32x4_add(shi, rnd), sh->round));
  wasm_v128_store(tps, vtps), wasm_v128_store(talp, vtalp);
  v128_t tlo = wasm_i32x4_shl(lo32(vtalp), sh->talp), thi = wasm_i32x4_shl(hi32(vtalp), sh->talp);
  Lanes lo = {wasm_i32x4_splat(-1), wasm_i32x4_splat(1), wasm_i32x4_splat(-1)}, hi = lo;
  v128_t amin = wasm_i32x4_splat(1);
  for (int m = 0; m < NPOS; m++) {
    int j = ta + STEP * m;
    v128_t ps2 = wasm_i16x8_add(wasm_i16x8_splat(T->dn[8 * ta + m]), vtps);
    v128_t r = load8(T->t[j] + 8 * tb), va = wasm_i32x4_splat(alp1[m]), vj = wasm_i32x4_splat(j);
    v128_t clo = wasm_i32x4_add(va, wasm_i32x4_shl(lo32(r), sh->cand));
    v128_t chi = wasm_i32x4_add(va, wasm_i32x4_shl(hi32(r), sh->cand));
    clo = wasm_i32x4_shr(wasm_i32x4_add(clo, tlo), 16);
    chi = wasm_i32x4_shr(wasm_i32x4_add(chi, thi), 16);
    amin = wasm_i32x4_min(amin, wasm_i32x4_min(clo, chi));
    lanes_update(&lo, square_lo(ps2), clo, vj);
    lanes_update(&hi, square_hi(ps2), chi, vj);
  }
  if (wasm_i32x4_any_true(wasm_i32x4_lt(amin, wasm_i32x4_splat(1))))
    return next_pair_c(dn, rr, tps, talp, alp0, prev, nprev, sh, ta, tb);
  return lanes_merge(&lo, &hi, dn, tps, ta, tb);
}

void search_10and8i40(Word16 nbPulse, Word16 step, Word16 nbTracks, Word16 dn[],
                      Word16 rr[][L_CODE], Word16 ipos[], Word16 pos_max[], Word16 codvec[],
                      Flag *pOverflow) {
  if (nbPulse != 10 || step != STEP || nbTracks != 5) {
    lm_search_10and8i40_c(nbPulse, step, nbTracks, dn, rr, ipos, pos_max, codvec, pOverflow);
    return;
  }
  Tracks T;
  tracks_build(&T, rr, dn);
  Word16 index[10];
  Word16 psk = -1, alpk = 1;
  Word16 i0 = pos_max[ipos[0]];
  index[0] = i0;
  for (int i = 0; i < nbPulse; i++) codvec[i] = i;
  for (int i = 1; i < nbTracks; i++) {
    Word16 i1 = pos_max[ipos[1]];
    index[1] = i1;
    Word16 ps0 = (Word16)((Word32)dn[i0] + dn[i1]);
    Word32 alp0 = (Word32)rr[i0][i0] << 12;
    alp0 += (Word32)rr[i1][i1] << 12;
    alp0 += (Word32)rr[i0][i1] << 13;
    alp0 += 0x00008000L;
    Pair p = first_pair(&T, dn, rr, ps0, alp0, i0, i1, ipos[2], ipos[3]);
    index[2] = p.ia, index[3] = p.ib;
    p = next_pair(&T, dn, rr, p.ps, p.alp, index, 4, &PAIR2, ipos[4], ipos[5]);
    index[4] = p.ia, index[5] = p.ib;
    p = next_pair(&T, dn, rr, p.ps, p.alp, index, 6, &PAIR3, ipos[6], ipos[7]);
    index[6] = p.ia, index[7] = p.ib;
    p = next_pair(&T, dn, rr, p.ps, p.alp, index, 8, &PAIR4, ipos[8], ipos[9]);
    index[8] = p.ia, index[9] = p.ib;
    /* test and memorise if this combination is better than the last one */
    if (((Word32)alpk * p.sq) > ((Word32)psk * p.alp)) {
      psk = p.sq;
      alpk = p.alp;
      for (int k = 0; k < 10; k++) codvec[k] = index[k];
    }
    /* cyclic permutation of i1 .. i9 */
    Word16 pos = ipos[1];
    for (int j = 1, k = 2; k < nbPulse; j++, k++) ipos[j] = ipos[k];
    ipos[nbPulse - 1] = pos;
  }
}
