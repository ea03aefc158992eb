"""Checks of the KerasOracle harness itself. Usage: harness_check.py echo DIR | fail | sleep
echo: every DIR/<name>.npy comes back as DIR/<name>.echo.npy, numbers doubled and booleans negated, same
dtype and shape; prints "<name> <dtype> <shape>" per file. fail: raises. sleep: sleeps a minute."""
import os
import sys
import time

import numpy as np


def echo(directory):
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".npy") or name.endswith(".echo.npy"):
            continue
        a = np.load(os.path.join(directory, name))
        b = np.logical_not(a) if a.dtype == np.bool_ else (a * 2).astype(a.dtype)
        np.save(os.path.join(directory, name[:-4] + ".echo.npy"), b)
        print(name[:-4], a.dtype, list(a.shape))


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "echo":
        echo(sys.argv[2])
    elif mode == "fail":
        raise ValueError("deliberate failure for the harness test")
    elif mode == "sleep":
        time.sleep(60)
