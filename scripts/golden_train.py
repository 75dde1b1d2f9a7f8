#!/usr/bin/python3
"""Training goldens: PyTorch trains a tiny char-level LM exactly as rnnlab's charlm does, and the
per-step losses and final weights become tests/fixtures/golden/train_<cell>.json.

From PyTorch's default initial weights (seeded) and the same batches (rnnlab's BatchStream: B
contiguous streams, T characters per step, the hidden state carried across batches and reset when
the stream wraps), 30 steps of Adam (eps 1e-8) with global-norm clipping, in float64.

Usage (from the project root; Debian's python3-torch):
    /usr/bin/python3 scripts/golden_train.py [rnn lstm gru]
"""
import json, sys, torch, torch.nn as nn

TEXT_FILE = "src/data/corpora/sonnet-116.txt"
B, T, E, H = 4, 10, 8, 12
LR, CLIP, EPS, STEPS, SEED = 0.01, 0.4, 1e-8, 30, 0  # CLIP: some steps clipped, some not
LAYOUTS = {
    "rnn": "h_t = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)",
    "lstm": "rows of weight_ih/weight_hh/bias are gate blocks i, f, g, o (each H rows)",
    "gru": "rows of weight_ih/weight_hh/bias are gate blocks r, z, n (each H rows); "
    "n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn))",
}


def vocabulary(text):
    """rnnlab's Vocab (own-id): sorted unique code points get ids 1..n; id 0 is unknown."""
    chars = sorted(set(text))
    return chars, {c: i + 1 for i, c in enumerate(chars)}


def batches(ids):
    """rnnlab's BatchStream, forever: (inputs [T, B], targets [T, B], wrapped)."""
    stream_length = len(ids) // B
    per_epoch = (stream_length - 1) // T
    position = 0
    while True:
        step = position % per_epoch
        rows = [ids[b * stream_length + step * T: b * stream_length + step * T + T + 1]
                for b in range(B)]
        x = torch.tensor([r[:T] for r in rows]).t()
        y = torch.tensor([r[1:] for r in rows]).t()
        yield x, y, position > 0 and step == 0
        position += 1


class CharLM(nn.Module):
    def __init__(self, cell, vocab_size):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, E)
        self.rnn = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[cell](E, H)
        self.out = nn.Linear(H, vocab_size)

    def forward(self, x, state):
        h, state = self.rnn(self.embedding(x), state)
        return self.out(h), state


def nested(model):
    return {name: p.detach().tolist() for name, p in model.named_parameters()}


def train(cell, ids, vocab_size):
    torch.manual_seed(SEED)
    model = CharLM(cell, vocab_size).double()
    initial = nested(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR, eps=EPS)
    losses, norms, state = [], [], None
    stream = batches(ids)
    for _ in range(STEPS):
        x, y, wrapped = next(stream)
        if wrapped:
            state = None
        if state is not None:
            state = tuple(s.detach() for s in state) if cell == "lstm" else state.detach()
        logits, state = model(x, state)
        loss = nn.functional.cross_entropy(logits.reshape(-1, vocab_size), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        norms.append(float(nn.utils.clip_grad_norm_(model.parameters(), CLIP)))
        optimizer.step()
        losses.append(loss.item())
    return initial, losses, norms, nested(model)


def main(cells):
    text = open(TEXT_FILE, encoding="utf-8").read()
    chars, index = vocabulary(text)
    ids = [index[c] for c in text]
    vocab_size = len(chars) + 1
    for cell in cells:
        initial, losses, norms, final = train(cell, ids, vocab_size)
        golden = {
            "source": f"pytorch {torch.__version__}",
            "generator": "scripts/golden_train.py",
            "cell": cell,
            "layout": "PyTorch parameter names and shapes: embedding.weight [V, E]; "
            "rnn.weight_ih_l0 [G*H, E]; rnn.weight_hh_l0 [G*H, H]; rnn.bias_ih_l0, "
            "rnn.bias_hh_l0 [G*H]; out.weight [V, H]; out.bias [V]. " + LAYOUTS[cell],
            "textFile": TEXT_FILE,
            "text": text,
            "vocab": chars,
            "ids": ids,
            "settings": {"batch": B, "seqLen": T, "embedding": E, "hidden": H,
                         "vocabSize": vocab_size, "learningRate": LR, "clip": CLIP,
                         "adamEpsilon": EPS, "betas": [0.9, 0.999], "steps": STEPS,
                         "seed": SEED, "dtype": "float64", "resetOnWrap": True},
            "initialWeights": initial,
            "losses": losses,
            "gradNorms": norms,
            "finalWeights": final,
        }
        path = f"tests/fixtures/golden/train_{cell}.json"
        with open(path, "w", encoding="utf-8") as f:
            json.dump(golden, f, indent=1)
            f.write("\n")
        print(f"{path}: loss {losses[0]:.4f} → {losses[-1]:.4f}, "
              f"clipped {sum(n > CLIP for n in norms)}/{STEPS} steps")


if __name__ == "__main__":
    main(sys.argv[1:] or ["rnn", "lstm", "gru"])
