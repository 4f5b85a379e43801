"""Where the classifier of `from_imports.py` keeps its files: a library
module that names TensorFlow only through from-imports, as shared modules of
TF 1 projects often do. Written for this repository."""
import os

from tensorflow import gfile
from tensorflow.gfile import Exists
import tensorflow.logging as tf_logging


def checkpoint_dir(root):
    path = os.path.join(root, "checkpoints")
    if not Exists(path):
        gfile.MakeDirs(path)
    tf_logging.info("checkpoints in %s", path)
    return path
