#!/bin/sh
# Synthesises the small speech clips the perturbation tests use until (and besides) the
# bundled corpus: three festival voices (three "speakers"), 16 kHz 16-bit mono, with leading
# and trailing silence so active-level (P.56) and silence handling are exercised.
# Needs festival (+ festvox-us-slt-hts, festvox-kallpc16k, festvox-kdlpc16k) and sox.
set -eu
out="$(dirname "$0")/../test/fixtures"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
say() { # voice text file
  printf '%s\n' "$2" > "$tmp/t.txt"
  text2wave -eval "(voice_$1)" -o "$tmp/raw.wav" "$tmp/t.txt"
  sox "$tmp/raw.wav" -r 16000 -b 16 -c 1 "$out/$3" pad 0.3 0.4 norm -3
}
say cmu_us_slt_arctic_hts "The patient in bed four needs a fresh dressing. Please check the monitor before the doctor arrives." speech.wav
say kal_diphone "Turn the infusion pump down to twenty millilitres an hour." speech-kal.wav
say ked_diphone "Call the night nurse if the alarm sounds again." speech-ked.wav
