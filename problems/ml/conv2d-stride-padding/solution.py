import numpy as np


def conv2d(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray,
    stride: list[int],
    padding: list[int],
) -> list:
    sh, sw = stride
    ph, pw = padding
    _, _, kh, kw = weight.shape
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    h_out = (xp.shape[2] - kh) // sh + 1
    w_out = (xp.shape[3] - kw) // sw + 1
    out = np.zeros((x.shape[0], weight.shape[0], h_out, w_out))
    for i in range(kh):
        for j in range(kw):
            # Input pixels under kernel offset (i, j) for every output position.
            patch = xp[:, :, i : i + sh * (h_out - 1) + 1 : sh, j : j + sw * (w_out - 1) + 1 : sw]
            out += np.einsum("nchw,oc->nohw", patch, weight[:, :, i, j])
    out += bias[None, :, None, None]
    return out.tolist()
