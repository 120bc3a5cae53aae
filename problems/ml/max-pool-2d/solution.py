import numpy as np


def max_pool_2d(image: np.ndarray, kernel: list[int], stride: list[int]) -> list[list[float]]:
    kh, kw = kernel
    sh, sw = stride
    h, w = image.shape
    out_h = (h - kh) // sh + 1
    out_w = (w - kw) // sw + 1
    out = np.full((out_h, out_w), -np.inf)
    # Loop over the kh * kw offsets inside a window; each offset is one strided slice
    # covering every output cell at once.
    for di in range(kh):
        for dj in range(kw):
            patch = image[di : di + sh * (out_h - 1) + 1 : sh, dj : dj + sw * (out_w - 1) + 1 : sw]
            np.maximum(out, patch, out=out)
    return out.tolist()
