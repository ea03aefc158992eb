"""Prints every dataset of a Keras weights file as `path shape dtype`, read by libhdf5 through h5py.

Used by KerasFileInteropTest to check that files jkeras writes open with the HDF5 library
Python Keras uses. Usage: read_weights_h5.py FILE.keras|FILE.h5
"""
import io
import sys
import zipfile

import h5py


def open_weights(path):
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return h5py.File(io.BytesIO(archive.read("model.weights.h5")), "r")
    return h5py.File(path, "r")


def main():
    with open_weights(sys.argv[1]) as h5:
        def show(name, obj):
            if isinstance(obj, h5py.Dataset):
                print(name, list(obj.shape), obj.dtype)
        h5.visititems(show)


if __name__ == "__main__":
    main()
