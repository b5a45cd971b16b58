#!/usr/bin/env bash
# Regenerates the bundled synthetic corpus under fixtures/corpus/ (clips, manifest, SHA256SUMS).
#
#   scripts/make-corpus.sh            rebuild fixtures/corpus/ in place
#   scripts/make-corpus.sh --check    rebuild into a temporary folder and compare every file's
#                                     sha256 with fixtures/corpus/SHA256SUMS (exit 1 on a difference)
#   scripts/make-corpus.sh --wer      also decode every clip with pocketsphinx and print the
#                                     word error rate per group (a sanity check, nothing is kept)
#   --out DIR                         write the corpus to DIR instead
#   --jobs N                          parallel festival/sox jobs (default: number of cores)
#
# The speech is synthetic: festival voices with pronunciation rules applied to their lexicon
# (see fixtures/corpus/README.md and the design in scripts/make-corpus.py). Needs Debian's
# festival, festvox-us-slt-hts, festvox-kallpc16k, festvox-kdlpc16k, sox and flac (and
# pocketsphinx + pocketsphinx-en-us for --wer); installs them with apt-get when run as root.
# Nothing else is downloaded.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
helper="$here/make-corpus.py"
corpus="$repo/fixtures/corpus"
out="$corpus"
check=0
wer=0
jobs="$(nproc 2>/dev/null || echo 2)"

while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1 ;;
    --wer) wer=1 ;;
    --out) out="$2"; shift ;;
    --jobs) jobs="$2"; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "make-corpus: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

# ---------------------------------------------------------------------------- packages
need=(festival festvox-us-slt-hts festvox-kallpc16k festvox-kdlpc16k sox flac)
[ "$wer" = 1 ] && need+=(pocketsphinx pocketsphinx-en-us)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "make-corpus: missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "make-corpus: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
command -v python3 >/dev/null || { echo "make-corpus: python3 is needed" >&2; exit 1; }

# Same bytes everywhere: C locale for sorting and number formatting.
export LC_ALL=C

work="$(mktemp -d "${TMPDIR:-/tmp}/make-corpus.XXXXXX")"
trap 'rm -rf "$work"' EXIT
if [ "$check" = 1 ]; then out="$work/corpus"; fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# ---------------------------------------------------------------------------- 1. lexicon
# Dump festival's own pronunciation of every word, once per voice.
python3 "$helper" lookup-scm "$work"
for f in "$work"/lookup-*.scm; do festival -b "$f" >/dev/null; done

# ---------------------------------------------------------------------------- 2. synthesis
# One festival process per group x voice: lex.add.entry the rewritten words, then synthesise.
python3 "$helper" synth-scm "$work"
ls "$work"/synth/*.scm | xargs -P "$jobs" -n 1 sh -c 'festival -b "$0" >"$0.log" 2>&1 || { cat "$0.log" >&2; exit 255; }'
python3 "$helper" verify "$work"

# ---------------------------------------------------------------------------- 3. speakers
# sox variant per speaker (no dither: -D), 16 kHz mono 16-bit, FLAC without padding, seek
# table or tags, so the same input always gives the same bytes.
rm -rf "$out/clips"
mkdir -p "$out/clips"
python3 "$helper" render-jobs "$work" "$out" >"$work/jobs.tsv"
render() {
  local id src effects
  IFS=$'\t' read -r id src effects <<<"$1"
  # shellcheck disable=SC2086  # effects is a word list on purpose
  sox -D -V1 "$src" -t wav -r 16000 -c 1 -b 16 -e signed-integer "$work/$id.wav" $effects &&
    flac -s -8 -f --no-padding --no-seektable -o "$out/clips/$id.flac" "$work/$id.wav" &&
    rm -f "$work/$id.wav"
}
export -f render
export work out
tr '\n' '\0' <"$work/jobs.tsv" | xargs -0 -P "$jobs" -n 1 bash -c 'render "$0"'

python3 "$helper" manifest "$out"
(cd "$out" && sha256sum manifest.jsonl clips/*.flac >SHA256SUMS)
echo "make-corpus: $(ls "$out/clips" | wc -l) clips in ${SECONDS}s, $(du -sh "$out/clips" | cut -f1) in $out/clips"

# ---------------------------------------------------------------------------- --wer
if [ "$wer" = 1 ]; then
  mkdir -p "$work/wav"
  (cd "$out/clips" && ls *.flac | sed 's/\.flac$//') >"$work/ctl"
  # plain 44-byte-header WAVs, as pocketsphinx_batch -adchdr 44 expects
  xargs -P "$jobs" -I{} sox -D -V1 "$out/clips/{}.flac" -t wav -b 16 -e signed-integer "$work/wav/{}.wav" <"$work/ctl"
  model=/usr/share/pocketsphinx/model/en-us
  # one pocketsphinx_batch process per core, each over its share of the clips
  split -n "r/$jobs" -d "$work/ctl" "$work/ctl."
  for part in "$work"/ctl.*; do
    pocketsphinx_batch -adcin yes -adchdr 44 -cepdir "$work/wav" -cepext .wav -ctl "$part" \
      -hyp "$part.hyp" -hmm "$model/en-us" -lm "$model/en-us.lm.bin" -dict "$model/cmudict-en-us.dict" \
      >"$part.log" 2>&1 &
  done
  for part in "$work"/ctl.*[0-9]; do
    wait -n || { tail -20 "$work"/ctl.*.log >&2; exit 1; }
  done
  cat "$work"/ctl.*.hyp >"$work/hyp"
  python3 "$helper" wer "$out" "$work/hyp"
fi

# ---------------------------------------------------------------------------- --check
# Every committed file must match fixtures/corpus/SHA256SUMS, and so must every regenerated one.
if [ "$check" = 1 ]; then
  hash() { sha256sum "$1" | cut -c1-64; }
  pcm() { flac -s -d -c --force-raw-format --endian=little --sign=signed "$1" | sha256sum | cut -c1-64; }
  stale=0 differ=0 encoded=0
  while read -r sum name; do
    if [ ! -f "$corpus/$name" ] || [ "$(hash "$corpus/$name")" != "$sum" ]; then
      echo "  $name: the committed file does not match SHA256SUMS" >&2; stale=$((stale + 1))
    fi
    if [ ! -f "$out/$name" ]; then
      echo "  $name: not regenerated" >&2; differ=$((differ + 1))
    elif [ "$(hash "$out/$name")" != "$sum" ]; then
      # Tell an encoder difference (another flac version) from an audio difference.
      if [ "${name%.flac}" != "$name" ] && [ -f "$corpus/$name" ] && [ "$(pcm "$out/$name")" = "$(pcm "$corpus/$name")" ]; then
        echo "  $name: same samples, different FLAC bytes" >&2; encoded=$((encoded + 1))
      else
        echo "  $name: regenerated content differs" >&2; differ=$((differ + 1))
      fi
    fi
  done <"$corpus/SHA256SUMS"
  extra=$(comm -13 <(cut -c67- "$corpus/SHA256SUMS" | sort) <(cut -c67- "$out/SHA256SUMS" | sort) | wc -l)
  if [ $((stale + differ + encoded + extra)) = 0 ]; then
    echo "make-corpus: check passed: $(wc -l <"$corpus/SHA256SUMS") files regenerated byte for byte as in $corpus/SHA256SUMS"
  else
    echo "make-corpus: check FAILED: $stale committed files stale, $differ regenerated files differ," \
      "$encoded differ only in FLAC encoding (another flac version?), $extra files not in SHA256SUMS" >&2
    exit 1
  fi
fi
