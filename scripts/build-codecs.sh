#!/usr/bin/env bash
# Rebuilds src/wasm/*.wasm: the reference codec libraries, compiled to WebAssembly from
# Debian's source packages (pinned below) with Debian's clang and wasi-libc. The .wasm files are
# committed, so neither install nor run needs this script or a download; run it only to change a
# version. Needs: clang lld wasi-libc libclang-rt-dev-wasm32 dpkg-dev (apt-get install).
#   scripts/build-codecs.sh [--keep]   (--keep leaves the source tree in the printed folder)
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/src/wasm"
c="$out/c"

# Debian bookworm source packages — the same versions as Debian's own binaries of them, which
# the tests compare against.
sources=(libgsm=1.0.22-1 opencore-amr=0.1.6-1 vo-amrwbenc=0.1.3-2 speex=1.2.1-2 lame=3.100-6 opus=1.3.1-3
  mpg123=1.31.2-1+deb12u1)

work=$(mktemp -d)
[ "${1:-}" = "--keep" ] && echo "sources in $work" || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" >"$work/src.list"
apt=(-o "Dir::Etc::SourceList=$work/src.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$work/lists")
apt-get "${apt[@]}" update -qq
# The archive can lack an upstream signature (.orig.tar.*.asc) that a .dsc lists (mpg123's was
# missing on 2026-11-30), which stops `apt-get source`. Then: fetch what there is (apt checks
# each file against the signed Sources index; the .dsc names every file's sha256), check those
# hashes again, allow only .asc files to be missing, and unpack without the signature check.
if ! (cd "$work" && apt-get "${apt[@]}" source -qq "${sources[@]}" >/dev/null 2>&1); then
  (cd "$work" && apt-get "${apt[@]}" source --download-only -qq "${sources[@]}" >/dev/null 2>&1) || true
  for dsc in "$work"/*.dsc; do
    sed -n '/^Checksums-Sha256:/,/^[^ ]/p' "$dsc" | grep '^ ' | while read -r sum _ file; do
      if [ -f "$work/$file" ]; then
        echo "$sum  $work/$file" | sha256sum -c --quiet -
      elif [[ $file != *.asc ]]; then
        echo "missing $file" >&2 && exit 1
      fi
    done
    dir=$(sed -n 's/^Source: //p' "$dsc")-$(sed -n 's/^Version: \([0-9]*:\)\{0,1\}\([^-]*\).*/\2/p' "$dsc")
    [ -d "$work/$dir" ] || (cd "$work" && dpkg-source -q --no-check -x "$dsc" "$dir" >/dev/null)
  done
fi

# -O3 without -ffast-math: the float codecs keep IEEE semantics; reactor model so a module has
# no main and keeps its heap between calls. Per library, -msimd128 (auto-vectorisation) and
# -flto (inlining across files, e.g. opencore-amr's basic operators) where they measured faster
# with byte-identical output (bench/README.md, "Build choices"); neither can change a result
# here: wasm32 has no fused multiply-add to contract into, and without -ffast-math the
# vectoriser may not reorder float sums.
# The source folder's name is mapped away so builds are byte-for-byte reproducible.
cc=(clang --target=wasm32-wasi -O3 -mexec-model=reactor -Wl,--strip-all -Wno-everything
  "-ffile-prefix-map=$work=/src")

# GSM 06.10: the Makefile's options (SASR, WAV49 as Debian builds it).
g="$work/libgsm-1.0.22"
"${cc[@]}" -msimd128 -flto -DSASR -DWAV49 -DNeedFunctionPrototypes=1 -I"$g/inc" "$c/gsm.c" \
  "$g"/src/{add,code,decode,long_term,lpc,preprocess,rpe,gsm_create,gsm_decode,gsm_destroy,gsm_encode,short_term,table}.c \
  -o "$out/gsm.wasm"

# opencore-amr: its sources are C written as .cpp; the project's own --enable-compile-c mode
# builds them as C99. The file lists come from its Makefile.am.
o="$work/opencore-amr-0.1.6"
amr="$o/opencore/codecs_v2/audio/gsm_amr"
list() { # Makefile.am, then NAME=DIR pairs for its $(NAME) variables
  local file=$1
  shift
  local text
  text=$(grep -v '^\s*#' "$file" | grep -oE '\$\([A-Z_]+\)/[A-Za-z0-9_/]+\.cpp')
  for pair in "$@"; do text=${text//"\$(${pair%%=*})"/${pair#*=}}; done
  echo "$text"
}
nb=$(list "$o/amrnb/Makefile.am" "DEC_SRC_DIR=$amr/amr_nb/dec/src" "ENC_SRC_DIR=$amr/amr_nb/enc/src" "COMMON_SRC_DIR=$amr/amr_nb/common/src")
# -O2 -msign-ext (i32.extend16_s for its Word16 casts): 2–3 % faster than -O3, same output.
nbflags=(-O2 -msign-ext -msimd128 -flto -std=c99 -I"$o/oscl" -I"$amr/amr_nb/dec/src" -I"$amr/amr_nb/common/include"
  -I"$amr/amr_nb/dec/include" -I"$amr/common/dec/include" -I"$amr/amr_nb/enc/src" -I"$o/amrnb")
# src/wasm/c/amrnb-*.c replace these functions with WebAssembly SIMD versions that give the same
# bits (the codebook search of 12.2 kbit/s and its correlation matrix, the target, pitch and LP
# correlations, the synthesis filter, the adaptive codebook's interpolation; bench/README.md,
# codec section). Each original is compiled under the name
# lm_<function>_c, which the replacement calls for the cases it leaves to it.
mkdir -p "$work/nb"
for r in enc/src/s10_8pf.cpp=search_10and8i40 enc/src/cor_h.cpp=cor_h enc/src/cor_h_x.cpp=cor_h_x \
  enc/src/calc_cor.cpp=comp_corr enc/src/autocorr.cpp=Autocorr common/src/syn_filt.cpp=Syn_filt \
  common/src/pred_lt.cpp=Pred_lt_3or6; do
  nb=$(printf '%s\n' $nb | grep -v "/amr_nb/${r%%=*}\$")
  (cd "$work/nb" && "${cc[@]}" "${nbflags[@]}" -c -x c "-D${r#*=}=lm_${r#*=}_c" "$amr/amr_nb/${r%%=*}")
done
# shellcheck disable=SC2086
"${cc[@]}" "${nbflags[@]}" -x c $nb "$o/amrnb/wrapper.cpp" -x none "$work"/nb/*.o "$c/amrnb.c" "$c"/amrnb-*.c \
  -o "$out/amrnb.wasm"

# AMR-WB: vo-amrwbenc (encoder) and opencore-amr's decoder, one module.
v="$work/vo-amrwbenc-0.1.3"
wbenc=$(grep -oE '\$\((VO_COMMON|ENC_SRC)\)/[A-Za-z0-9_]+\.c' "$v/Makefile.am" | sed -e "s#\$(VO_COMMON)#$v/common#" -e "s#\$(ENC_SRC)#$v/amrwbenc/src#")
wbdec=$(list "$o/amrwb/Makefile.am" "DEC_SRC_DIR=$amr/amr_wb/dec/src")
# Their headers share names (typedef.h, dtx.h …): compile each library apart, then link.
# -msimd128 only: with -flto as well the round trip's output changes (the same sources give two
# different results, so some code there depends on undefined behaviour), so no LTO here.
mkdir -p "$work/wbenc" "$work/wbdec"
# shellcheck disable=SC2086
(cd "$work/wbenc" && "${cc[@]}" -msimd128 -c -I"$v/amrwbenc/inc" -I"$v/common/include" -I"$v" $wbenc "$v/wrapper.c")
# shellcheck disable=SC2086
(cd "$work/wbdec" && "${cc[@]}" -msimd128 -c -x c -std=c99 -I"$o/oscl" -I"$amr/amr_wb/dec/src" \
  -I"$amr/amr_wb/dec/include" -I"$amr/common/dec/include" -I"$o/amrwb" $wbdec "$o/amrwb/wrapper.cpp")
"${cc[@]}" -msimd128 -I"$v" -I"$o/amrwb" "$c/amrwb.c" "$work"/wbenc/*.o "$work"/wbdec/*.o -o "$out/amrwb.wasm"

# Speex: float build with its SSE paths (_USE_SSE), as Debian's amd64 build (configure finds
# xmmintrin.h there); src/wasm/c/sse/xmmintrin.h maps the few SSE intrinsics speex uses to
# WebAssembly SIMD one for one, so the output is sample-exact with Debian's speexenc/speexdec
# (the scalar float path differed by ±1 LSB) and the encoder runs ~1.7× faster. The codec
# sources from libspeex/Makefile.am.
s="$work/speex-1.2.1"
cat >"$s/include/speex/speex_config_types.h" <<'EOF'
#include <stdint.h>
typedef int16_t spx_int16_t;
typedef uint16_t spx_uint16_t;
typedef int32_t spx_int32_t;
typedef uint32_t spx_uint32_t;
EOF
cat >"$s/config.h" <<'EOF'
#define FLOATING_POINT 1
#define VAR_ARRAYS 1
#define EXPORT
EOF
# src/wasm/c/speex_qmf.c replaces filters.c's qmf_decomp (renamed away there): the wideband band
# split four outputs at a time, each the same chain of float operations, so bit-identical.
spx=$(sed -n '/^libspeex_la_SOURCES/,/window\.c/p' "$s/libspeex/Makefile.am" | grep -oE '[a-z0-9_]+\.c' | grep -vE 'vorbis_psy|smallft|kiss|^filters\.c$')
spxflags=(-msimd128 -flto -D_USE_SSE -I"$c/sse" -DHAVE_CONFIG_H -I"$s" -I"$s/include" -I"$s/libspeex")
mkdir -p "$work/spx"
(cd "$work/spx" && "${cc[@]}" "${spxflags[@]}" -c -Dqmf_decomp=lm_qmf_decomp_c "$s/libspeex/filters.c")
# shellcheck disable=SC2086
"${cc[@]}" "${spxflags[@]}" $(printf "$s/libspeex/%s " $spx) "$work/spx/filters.o" "$c/speex_qmf.c" \
  "$c/speex.c" -o "$out/speex.wasm"

# LAME: libmp3lame's sources, without the NASM/SSE paths (not available to WebAssembly).
l="$work/lame-3.100"
cat >"$l/config.h" <<'EOF'
#define STDC_HEADERS 1
#define HAVE_STDINT_H 1
#define HAVE_INTTYPES_H 1
#define HAVE_LIMITS_H 1
#define HAVE_STRING_H 1
#define HAVE_STDLIB_H 1
#define HAVE_ERRNO_H 1
#define HAVE_FCNTL_H 1
#define HAVE_UNISTD_H 1
#define ieee754_float32_t float
#define TAKEHIRO_IEEE754_HACK 1
#define USE_FAST_LOG 1
#define PACKAGE "lame"
#define VERSION "3.100"
EOF
mp3=$(sed -n '/^libmp3lame_la_SOURCES/,/mpglib_interface\.c/p' "$l/libmp3lame/Makefile.am" | grep -oE '[A-Za-z0-9_]+\.c')
# shellcheck disable=SC2086
"${cc[@]}" -msimd128 -DHAVE_CONFIG_H -I"$l" -I"$l/include" -I"$l/libmp3lame" $(printf "$l/libmp3lame/%s " $mp3) \
  "$c/lame.c" -o "$out/lame.wasm"

# Opus: the float build (Debian's), without the x86 intrinsics paths; file lists from its .mk files.
# The noise-shaping quantisers (silk/NSQ.c, NSQ_del_dec.c) get src/wasm/c/opus_nsq_simd.h in
# place of silk/NSQ.h: their short-term prediction in WebAssembly SIMD, bit-exact with the C
# (libopus 1.3.1's own SSE4.1 quantisers are disabled in its silk/x86/main_sse.h, out of date);
# src/wasm/c/opus_warped_autocorrelation.c replaces silk/float/warped_autocorrelation_FLP.c (two
# samples at a time, the same double operations in the same order).
# -msimd128 (auto-vectorisation: no float sum reordered without -ffast-math), -mbulk-memory
# (memcpy as memory.copy) and src/wasm/c/lrint.h (float2int inline, not a libc call) leave the
# output bit-identical (bench/README.md, codec section).
p="$work/opus-1.3.1"
mk() { sed -n "/^$2 = /,/^\$/p" "$p/$1" | grep -oE '[A-Za-z0-9_/]+\.c' | sed "s#^#$p/#"; }
ops="$(mk celt_sources.mk CELT_SOURCES) $(mk silk_sources.mk SILK_SOURCES) $(mk silk_sources.mk SILK_SOURCES_FLOAT) $(mk opus_sources.mk OPUS_SOURCES) $(mk opus_sources.mk OPUS_SOURCES_FLOAT)"
ops=$(printf '%s\n' $ops | grep -vE '/silk/(NSQ|NSQ_del_dec|float/warped_autocorrelation_FLP)\.c$')
opusflags=(-msimd128 -mbulk-memory -include "$c/lrint.h" -DOPUS_BUILD -DUSE_ALLOCA -DHAVE_LRINTF -DHAVE_LRINT -I"$p/include" -I"$p/celt" -I"$p/silk" -I"$p/silk/float")
mkdir -p "$work/nsq"
(cd "$work/nsq" && "${cc[@]}" -c "${opusflags[@]}" -include "$c/opus_nsq_simd.h" "$p/silk/NSQ.c" "$p/silk/NSQ_del_dec.c")
# shellcheck disable=SC2086
"${cc[@]}" "${opusflags[@]}" $ops "$work/nsq/NSQ.o" "$work/nsq/NSQ_del_dec.o" \
  "$c/opus_warped_autocorrelation.c" "$c/opus.c" -o "$out/opus.wasm"

# mpg123: libmpg123 alone, its generic C decoder (float synthesis, mpg123's accurate 16-bit
# rounding), with the compiler flags mpg123's configure chooses (as Debian's build has them).
# Configured as a cross build (configure cannot run WebAssembly); wasi-libc's lseek macro
# would swallow a reader's member of that name, hence the #undef.
m="$work/mpg123-1.31.2"
printf '#include <unistd.h>\n#undef lseek\n' >"$m/nolseek.h"
(cd "$m" && CC="clang --target=wasm32-wasi" CFLAGS="-O3 -include $m/nolseek.h -ffile-prefix-map=$work=/src" \
  ./configure -q --host=i686-linux-gnu --with-cpu=generic_fpu --disable-shared --enable-static \
  --disable-modules --disable-network --disable-id3v2 --disable-icy --disable-ntom \
  --disable-downsample --disable-messages --disable-equalizer --disable-feature_report \
  --disable-lfs-alias --with-audio=dummy --with-default-audio=dummy >/dev/null &&
  make -s src/libmpg123/libmpg123.la >/dev/null 2>&1)
"${cc[@]}" -msimd128 -I"$m/src/libmpg123" -I"$m/src" "$c/mpg123.c" "$m"/src/libmpg123/libmpg123_la-*.o \
  "$m/src/compat/compat.o" "$m/src/compat/compat_str.o" -lm -o "$out/mpg123.wasm"

# SIMD kernels of the resampler (src/dsp/resample.ts designs the filter), of WSOLA, of FFT
# convolution, of the tone generator, of the P.56 level meter, of babble, of the Gaussian
# generator and of the AGC's compressor.
"${cc[@]}" -msimd128 "$c/resample.c" -o "$out/resample.wasm"
"${cc[@]}" -msimd128 "$c/wsola.c" -o "$out/wsola.wasm"
# Overlap-save FFT convolution (src/dsp/fft-convolve.ts): fft.js's radix-4 in float32 lanes.
"${cc[@]}" -msimd128 "$c/fftconv.c" -o "$out/fftconv.wasm"
# Tone generator (src/dsp/oscillator.ts): the phasor loop two lanes at a time, bit-identical.
"${cc[@]}" -msimd128 "$c/oscillator.c" -o "$out/oscillator.wasm"
# P.56 activity counter, SNR mix and peak (src/audio/levels.ts): the TypeScript loops' arithmetic, bit-identical.
"${cc[@]}" -msimd128 "$c/p56.c" -o "$out/p56.wasm"
# Babble's talker sum (perturbations/babble.ts), two samples per vector, bit-identical.
"${cc[@]}" -msimd128 "$c/voices.c" -o "$out/voices.wasm"
# Gaussian generator (src/dsp/gaussian.ts): its rare path imports the engine's Math.exp/log;
# src/rng.ts's bulk polar pairs, with fdlibm's log (V8's) compiled in; src/dsp/room.ts's shaping.
"${cc[@]}" -msimd128 "$c/gaussian.c" -o "$out/gaussian.wasm"
# The Web Audio compressor (src/dsp/compressor.ts): float32, wasi-libc's log10f/powf/expf.
"${cc[@]}" -msimd128 "$c/compressor.c" -o "$out/compressor.wasm"

ls -l "$out"/*.wasm
sha256sum "$out"/*.wasm
