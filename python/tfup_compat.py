"""tfup_compat: stand-ins for two TensorFlow 1.x APIs that TensorFlow 2 dropped.

Code converted by tf_upgrade_v2 with ``--target`` imports this module in place
of APIs that no TensorFlow 2 release provides:

* ``tf.contrib.training.HParams``          -> ``tfup_compat.HParams``
* ``tensorflow.examples.tutorials.mnist.input_data.read_data_sets``
                                           -> ``tfup_compat.read_data_sets``

It is written for this project from the documented behaviour of those APIs
(TensorFlow 1.x API documentation and docstrings), not taken from
TensorFlow's sources. It needs only the standard library; the MNIST part also
needs numpy, which is imported when that part is first used. Nothing here
imports TensorFlow. Python 3.8 or newer.
"""

import collections
import gzip
import json
import numbers
import os
import re
import struct
import sys
import tempfile

__all__ = [
    "HParams",
    "DataSet",
    "Datasets",
    "read_data_sets",
    "DEFAULT_SOURCE_URL",
]

# ---------------------------------------------------------------------------
# HParams
# ---------------------------------------------------------------------------

_NONE_TYPE = type(None)


def _type_name(kind):
    elem, is_list = kind
    name = getattr(elem, "__name__", str(elem))
    return "list of %s" % name if is_list else name


def _convert(name, elem, value):
    """`value` as a value of a hyperparameter whose values are of type `elem`.

    Raises ValueError where the old HParams refused the value: a string only
    for a string, a bool only for a bool, an integer (not a float) for an
    integer, any real number for a float.
    """
    if type(value) is elem or elem is _NONE_TYPE:
        return value

    def refuse():
        raise ValueError(
            "hyperparameter '%s' holds %s values; %r (%s) does not fit"
            % (name, elem.__name__, value, type(value).__name__)
        )

    if issubclass(elem, (str, bytes)):
        if isinstance(value, elem):
            return value
        refuse()
    if issubclass(elem, bool) or isinstance(value, bool):
        if issubclass(elem, bool) and isinstance(value, bool):
            return elem(value)
        refuse()
    if issubclass(elem, numbers.Integral):
        if isinstance(value, numbers.Integral):
            return elem(value)
        refuse()
    if issubclass(elem, numbers.Number):
        if isinstance(value, numbers.Number):
            try:
                return elem(value)
            except (TypeError, ValueError):
                pass
        refuse()
    if isinstance(value, elem):
        return value
    refuse()
    return None  # not reached


def _element_type(name, values):
    """The element type of a list hyperparameter (ints mixed with floats: float)."""
    if not values:
        raise ValueError("list hyperparameter '%s' cannot be empty: its element type "
                         "comes from its first value" % name)
    first = type(values[0])
    numeric = all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values)
    if numeric and any(isinstance(v, float) for v in values):
        return float
    return first


class _UnknownHParam(KeyError, ValueError):
    """No hyperparameter of that name (a KeyError, as before, and a ValueError)."""

    def __str__(self):
        return self.args[0] if self.args else ""


# One `name=value`, `name=[v1,v2]` or `name[i]=value` clause, and the comma
# or end that follows it.
_CLAUSE = re.compile(
    r"""\s*(?P<name>[A-Za-z][\w.]*)
        \s*(?:\[\s*(?P<index>\d+)\s*\])?
        \s*=\s*
        (?:\[(?P<items>[^\[\]]*)\]|(?P<scalar>[^,\[\]]*))
        \s*(?:,|$)""",
    re.VERBOSE,
)

_TRUE_WORDS = ("true",)
_FALSE_WORDS = ("false",)


def _parse_scalar(name, elem, text, whole):
    def fail(why=""):
        raise ValueError(
            "could not parse hyperparameter '%s' (%s) from %r in %r%s"
            % (name, elem.__name__, text, whole, why)
        )

    text = text.strip()
    if elem is _NONE_TYPE:
        fail(": it was created with None, so it has no type to parse into")
    if issubclass(elem, bool):
        word = text.lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        try:
            return bool(int(text))
        except ValueError:
            fail(": want true or false (or an integer, 0 for false)")
    if issubclass(elem, str):
        return text
    if issubclass(elem, bytes):
        return text.encode("utf-8")
    if issubclass(elem, numbers.Integral):
        try:
            return elem(int(text))
        except (TypeError, ValueError):
            fail(": want an integer")
    if issubclass(elem, numbers.Number):
        try:
            return elem(text)
        except (TypeError, ValueError):
            fail(": want a number")
    fail(": values of this type cannot be given as text")
    return None  # not reached


class HParams(object):
    """A set of named hyperparameters, as ``tf.contrib.training.HParams`` was.

    Each hyperparameter is an attribute: ``HParams(learning_rate=0.1).learning_rate``.
    Its type comes from the value it was created with (int, float, bool, str,
    or a non-empty list of one of those); `set_hparam`, `parse`,
    `override_from_dict` and `parse_json` keep to that type: an int may go
    into a float hyperparameter, a float never into an int one, a bool or a
    string only into a hyperparameter of that type, a list only into a list
    one. A hyperparameter created with None takes any value.
    """

    def __init__(self, hparam_def=None, model_structure=None, **kwargs):
        if hparam_def is not None:
            raise NotImplementedError(
                "tfup_compat.HParams does not read HParamDef protocol buffers "
                "(hparam_def=...): pass the hyperparameters as keyword "
                "arguments instead, e.g. HParams(**values)"
            )
        self._hparam_kinds = {}
        self._model_structure = model_structure
        for name, value in kwargs.items():
            self.add_hparam(name, value)

    # -- adding, setting, removing ------------------------------------------

    def add_hparam(self, name, value):
        """Adds hyperparameter `name` with `value`; ValueError if it exists or
        the name is reserved (a method of HParams, or starts with '_')."""
        if not isinstance(name, str) or not name:
            raise ValueError("hyperparameter names are non-empty strings, got %r" % (name,))
        if name.startswith("_"):
            raise ValueError("hyperparameter name '%s' is reserved: names may not "
                             "start with '_'" % name)
        if name in self._hparam_kinds:
            raise ValueError("hyperparameter '%s' already exists (use set_hparam "
                             "to change its value)" % name)
        if hasattr(type(self), name) or name in self.__dict__:
            raise ValueError("hyperparameter name '%s' is reserved: HParams has an "
                             "attribute of that name" % name)
        if isinstance(value, (list, tuple)):
            elem = _element_type(name, value)
            value = [_convert(name, elem, v) for v in value]
            kind = (elem, True)
        else:
            kind = (type(value), False)
        self._hparam_kinds[name] = kind
        setattr(self, name, value)

    def set_hparam(self, name, value):
        """Sets existing hyperparameter `name` to `value`, converted to its type.

        ValueError if the value does not fit the type (see the class doc);
        KeyError (also a ValueError) if there is no such hyperparameter.
        """
        kind = self._hparam_kinds.get(name)
        if kind is None:
            raise _UnknownHParam("no hyperparameter named '%s' (add it with "
                                 "add_hparam)" % (name,))
        elem, is_list = kind
        if isinstance(value, (list, tuple)):
            if elem is _NONE_TYPE:
                setattr(self, name, value)
                return
            if not is_list:
                raise ValueError("hyperparameter '%s' holds one %s, not a list: %r"
                                 % (name, elem.__name__, value))
            setattr(self, name, [_convert(name, elem, v) for v in value])
        else:
            if is_list:
                raise ValueError("hyperparameter '%s' holds a list of %s; pass a list, "
                                 "not %r" % (name, elem.__name__, value))
            setattr(self, name, _convert(name, elem, value))

    def del_hparam(self, name):
        """Removes hyperparameter `name` (nothing happens if there is none)."""
        if name in self._hparam_kinds:
            del self._hparam_kinds[name]
            if name in self.__dict__:
                delattr(self, name)

    # -- reading -------------------------------------------------------------

    def get(self, key, default=None):
        """The value of `key`, or `default` if there is no such hyperparameter.

        When both exist, `default` must fit the hyperparameter's type (a list
        for a list hyperparameter, and so on), or ValueError is raised.
        """
        if key not in self._hparam_kinds:
            return default
        if default is not None:
            elem, is_list = self._hparam_kinds[key]
            mismatch = "hyperparameter '%s' of type %s does not fit default=%r" % (
                key, _type_name((elem, is_list)), default)
            if isinstance(default, (list, tuple)) != is_list:
                raise ValueError(mismatch)
            try:
                for item in (default if is_list else [default]):
                    _convert(key, elem, item)
            except ValueError as err:
                raise ValueError("%s: %s" % (mismatch, err))
        return getattr(self, key)

    def values(self):
        """The hyperparameters as a dict from name to value."""
        return {name: getattr(self, name) for name in self._hparam_kinds}

    def __contains__(self, key):
        return key in self._hparam_kinds

    def __str__(self):
        return ",".join("%s=%s" % (name, value) for name, value in self.values().items())

    def __repr__(self):
        items = sorted(self.values().items(), key=lambda item: item[0])
        return "%s(%s)" % (type(self).__name__, items)

    # -- overriding many at once ---------------------------------------------

    def override_from_dict(self, values_dict):
        """Sets each name: value of `values_dict` with set_hparam; returns self."""
        for name, value in values_dict.items():
            self.set_hparam(name, value)
        return self

    def set_from_map(self, values_map):
        """Old name of override_from_dict (deprecated in TensorFlow 1.x)."""
        return self.override_from_dict(values_map)

    def parse(self, values):
        """Overrides hyperparameters from a string; returns self.

        `values` is comma-separated ``name=value`` clauses: ``lr=0.1``,
        ``layers=[64,32]`` (a list hyperparameter, items separated by commas
        or spaces), ``layers[1]=16`` (one item of a list), ``use_bn=true``.
        Each value is read as the existing hyperparameter's type (bool: true
        or false, or an integer). ValueError for an unknown name, a name
        given twice, a value that does not fit, or malformed text; nothing is
        changed then.
        """
        if not isinstance(values, str):
            raise ValueError("parse() takes a string of name=value pairs, got %r" % (values,))
        whole = {}
        items = {}
        pos = 0
        while pos < len(values):
            if not values[pos:].strip():
                break
            m = _CLAUSE.match(values, pos)
            if m is None or m.end() == pos:
                raise ValueError("malformed hyperparameter text at %r in %r (want "
                                 "name=value, name=[v1,v2] or name[i]=value, separated "
                                 "by commas)" % (values[pos:], values))
            pos = m.end()
            name = m.group("name")
            if name not in self._hparam_kinds:
                raise ValueError("unknown hyperparameter '%s' in %r (known: %s)"
                                 % (name, values, ", ".join(sorted(self._hparam_kinds)) or "none"))
            elem, is_list = self._hparam_kinds[name]
            index = m.group("index")
            if index is not None:
                if m.group("items") is not None:
                    raise ValueError("'%s[%s]' takes one value, not a list, in %r"
                                     % (name, index, values))
                if not is_list:
                    raise ValueError("'%s[%s]=...' in %r: hyperparameter '%s' is not a list"
                                     % (name, index, values, name))
                if name in whole:
                    raise ValueError("hyperparameter '%s' is given both whole and by "
                                     "index in %r" % (name, values))
                slot = items.setdefault(name, {})
                index = int(index)
                if index in slot:
                    raise ValueError("'%s[%d]' is given twice in %r" % (name, index, values))
                slot[index] = _parse_scalar(name, elem, m.group("scalar"), values)
                continue
            if name in whole:
                raise ValueError("hyperparameter '%s' is given twice in %r" % (name, values))
            if name in items:
                raise ValueError("hyperparameter '%s' is given both whole and by index "
                                 "in %r" % (name, values))
            if m.group("items") is not None:
                if not is_list:
                    raise ValueError("hyperparameter '%s' holds one %s, not a list, in %r"
                                     % (name, elem.__name__, values))
                texts = [t for t in re.split(r"[\s,]+", m.group("items")) if t]
                whole[name] = [_parse_scalar(name, elem, t, values) for t in texts]
            else:
                if is_list:
                    raise ValueError("hyperparameter '%s' holds a list of %s; write "
                                     "%s=[v1,v2] in %r" % (name, elem.__name__, name, values))
                whole[name] = _parse_scalar(name, elem, m.group("scalar"), values)
        for name, slot in items.items():
            current = list(getattr(self, name))
            for index, value in slot.items():
                if index >= len(current):
                    raise ValueError("'%s[%d]' is out of range: '%s' has %d items"
                                     % (name, index, name, len(current)))
                current[index] = value
            whole[name] = current
        return self.override_from_dict(whole)

    # -- JSON ------------------------------------------------------------------

    def to_json(self, indent=None, separators=None, sort_keys=False):
        """The hyperparameters as a JSON object (callable values are left out).

        `indent`, `separators` and `sort_keys` are json.dumps's.
        """
        def plain(value):
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items() if not callable(v)}
            if isinstance(value, (list, tuple)):
                return [plain(v) for v in value if not callable(v)]
            return value

        return json.dumps(plain(self.values()), indent=indent,
                          separators=separators, sort_keys=sort_keys)

    def parse_json(self, values_json):
        """Overrides hyperparameters from a JSON object string; returns self."""
        try:
            values = json.loads(values_json)
        except ValueError as err:
            raise ValueError("parse_json: not valid JSON (%s): %r" % (err, values_json))
        if not isinstance(values, dict):
            raise ValueError("parse_json wants a JSON object of name: value pairs, got %r"
                             % (values_json,))
        return self.override_from_dict(values)

    # -- model structure -----------------------------------------------------

    def set_model_structure(self, model_structure):
        self._model_structure = model_structure

    def get_model_structure(self):
        return self._model_structure


# ---------------------------------------------------------------------------
# MNIST: read_data_sets
# ---------------------------------------------------------------------------

# The mirror the TensorFlow 1.x function downloaded from.
DEFAULT_SOURCE_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"

_TRAIN_IMAGES = "train-images-idx3-ubyte.gz"
_TRAIN_LABELS = "train-labels-idx1-ubyte.gz"
_TEST_IMAGES = "t10k-images-idx3-ubyte.gz"
_TEST_LABELS = "t10k-labels-idx1-ubyte.gz"
_MNIST_FILES = (_TRAIN_IMAGES, _TRAIN_LABELS, _TEST_IMAGES, _TEST_LABELS)
_IDX_IMAGES_MAGIC = 2051  # 0x00000803: unsigned bytes, 3 dimensions
_IDX_LABELS_MAGIC = 2049  # 0x00000801: unsigned bytes, 1 dimension
_NUM_CLASSES = 10
_FAKE_EXAMPLES = 10000

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])


def _np():
    import numpy  # only the MNIST part needs numpy

    return numpy


def _image_dtype(dtype):
    """numpy.float32 or numpy.uint8 from a TF dtype, numpy dtype or name."""
    np = _np()
    given = dtype
    dtype = getattr(dtype, "base_dtype", dtype)  # a TF reference dtype
    if getattr(dtype, "as_numpy_dtype", None) is not None:  # a TF dtype
        candidate = dtype.as_numpy_dtype
    elif isinstance(dtype, (str, np.dtype, type)):
        candidate = dtype
    else:  # some other dtype-like object: by its name
        candidate = getattr(dtype, "name", None)
    try:
        resolved = None if candidate is None else np.dtype(candidate)
    except TypeError:
        resolved = None
    if resolved == np.float32:
        return np.float32
    if resolved == np.uint8:
        return np.uint8
    raise TypeError("invalid image dtype %r: read_data_sets and DataSet take "
                    "float32 (pixels scaled to [0, 1]) or uint8 (0..255)" % (given,))


class DataSet(object):
    """Images and labels with `next_batch`, as the TensorFlow 1.x MNIST DataSet.

    `images` has one row per example: 784 values (28x28) with `reshape`,
    otherwise [rows, cols, 1]; float32 in [0, 1] or uint8 0..255. `labels` is
    the class per example (uint8), or one-hot rows of 10 when read with
    one_hot=True. A fake DataSet (fake_data=True) has 10000 examples and
    `next_batch` gives fixed fake images and labels.
    """

    def __init__(self, images, labels, fake_data=False, one_hot=False,
                 dtype="float32", reshape=True, seed=None):
        np = _np()
        self._dtype = _image_dtype(dtype)
        self._seed = seed
        self._rng = np.random.RandomState(None if seed is None else seed % (2 ** 32))
        self._fake = bool(fake_data)
        self.one_hot = one_hot
        if self._fake:
            self._num_examples = _FAKE_EXAMPLES
        else:
            images = np.asarray(images)
            labels = np.asarray(labels)
            if images.shape[0] != labels.shape[0]:
                raise ValueError("DataSet: %d images but %d labels"
                                 % (images.shape[0], labels.shape[0]))
            self._num_examples = images.shape[0]
            if reshape and images.ndim > 2:
                if images.ndim == 4 and images.shape[3] != 1:
                    raise ValueError("DataSet: reshape=True wants one channel, got "
                                     "images of shape %s" % (images.shape,))
                images = images.reshape(images.shape[0], int(np.prod(images.shape[1:])))
            if self._dtype == np.float32:
                images = images.astype(np.float32) * np.float32(1.0 / 255.0)
            else:
                images = images.astype(np.uint8)
        self._images = images
        self._labels = labels
        self._epochs_completed = 0
        self._index_in_epoch = 0

    @property
    def images(self):
        return self._images

    @property
    def labels(self):
        return self._labels

    @property
    def num_examples(self):
        return self._num_examples

    @property
    def epochs_completed(self):
        return self._epochs_completed

    def _fake_batch(self, batch_size):
        image = [1] * 784
        label = [1] + [0] * (_NUM_CLASSES - 1) if self.one_hot else 0
        return ([list(image) for _ in range(batch_size)],
                [list(label) if self.one_hot else label for _ in range(batch_size)])

    def _reshuffle(self):
        order = self._rng.permutation(self._num_examples)
        self._images = self._images[order]
        self._labels = self._labels[order]

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        """The next `batch_size` (images, labels).

        The examples are shuffled before the first batch and again at the end
        of each epoch (with shuffle=True). A batch that crosses the end of an
        epoch is the rest of that epoch followed by the start of the next.
        """
        if fake_data or self._fake:
            return self._fake_batch(batch_size)
        if batch_size < 0:
            raise ValueError("next_batch: batch_size must not be negative, got %r"
                             % (batch_size,))
        np = _np()
        total = self._num_examples
        if total == 0:
            raise ValueError("next_batch: this DataSet has no examples")
        if shuffle and self._epochs_completed == 0 and self._index_in_epoch == 0:
            self._reshuffle()
        image_parts, label_parts = [], []
        wanted = batch_size
        while True:
            start = self._index_in_epoch
            if start + wanted <= total:
                self._index_in_epoch = start + wanted
                image_parts.append(self._images[start:start + wanted])
                label_parts.append(self._labels[start:start + wanted])
                break
            # The epoch ends inside this batch: take its rest, start the next.
            image_parts.append(self._images[start:total])
            label_parts.append(self._labels[start:total])
            wanted -= total - start
            self._epochs_completed += 1
            self._index_in_epoch = 0
            if shuffle:
                self._reshuffle()
        if len(image_parts) == 1:
            return image_parts[0], label_parts[0]
        return (np.concatenate(image_parts, axis=0),
                np.concatenate(label_parts, axis=0))


def _read_idx(path, magic, ndim):
    """The dimensions and the uint8 payload of an IDX file (gzipped or not)."""
    with open(path, "rb") as f:
        head = f.read(2)
    try:
        if head == b"\x1f\x8b":
            with gzip.open(path, "rb") as f:
                data = f.read()
        else:
            with open(path, "rb") as f:
                data = f.read()
    except (OSError, EOFError) as err:
        raise ValueError("%s: could not read the gzip stream (%s)" % (path, err))
    header = 4 + 4 * ndim
    if len(data) < 4:
        raise ValueError("%s is not an MNIST IDX file: it is only %d bytes long"
                         % (path, len(data)))
    found = struct.unpack(">I", data[:4])[0]
    if found != magic:
        raise ValueError("%s is not an MNIST %s file: its IDX magic number is %d, "
                         "expected %d" % (path, "image" if ndim == 3 else "label",
                                          found, magic))
    if len(data) < header:
        raise ValueError("%s: the IDX header is cut short" % path)
    dims = struct.unpack(">%dI" % ndim, data[4:header])
    size = 1
    for d in dims:
        size *= d
    if len(data) - header != size:
        raise ValueError("%s: the IDX header announces %s = %d bytes of data, the "
                         "file has %d" % (path, "x".join(map(str, dims)), size,
                                          len(data) - header))
    np = _np()
    return dims, np.frombuffer(data, dtype=np.uint8, offset=header)


def _read_images(path):
    (count, rows, cols), pixels = _read_idx(path, _IDX_IMAGES_MAGIC, 3)
    return pixels.reshape(count, rows, cols, 1)


def _read_labels(path, one_hot):
    (count,), labels = _read_idx(path, _IDX_LABELS_MAGIC, 1)
    labels = labels.copy()
    if not one_hot:
        return labels
    np = _np()
    if count and int(labels.max()) >= _NUM_CLASSES:
        raise ValueError("%s: label %d is not a digit 0..9, so it has no one-hot form"
                         % (path, int(labels.max())))
    dense = np.zeros((count, _NUM_CLASSES))
    dense[np.arange(count), labels] = 1.0
    return dense


def _local_copy(train_dir, filename):
    """The path of `filename` (or its uncompressed form) in train_dir, or None."""
    for name in (filename, filename[:-len(".gz")]):
        path = os.path.join(train_dir, name)
        if os.path.isfile(path):
            return path
    return None


def _download(url, path):
    """Fetches `url` into `path` (through a temporary file in the same folder)."""
    import urllib.request

    with urllib.request.urlopen(url, timeout=60) as response:
        fd, tmp = tempfile.mkstemp(prefix=".tfup_compat-", dir=os.path.dirname(path))
        try:
            with os.fdopen(fd, "wb") as out:
                while True:
                    chunk = response.read(1 << 16)
                    if not chunk:
                        break
                    out.write(chunk)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.remove(tmp)
            raise
    print("tfup_compat: downloaded %s (%d bytes)" % (path, os.path.getsize(path)),
          file=sys.stderr)


def _mnist_files(train_dir, source_url):
    """The four MNIST file paths in train_dir, downloading the missing ones."""
    found = {name: _local_copy(train_dir, name) for name in _MNIST_FILES}
    missing = [name for name in _MNIST_FILES if found[name] is None]
    if not missing:
        return found
    try:
        os.makedirs(train_dir, exist_ok=True)
        for name in list(missing):
            path = os.path.join(train_dir, name)
            _download(source_url + name, path)
            found[name] = path
            missing.remove(name)
    except Exception as err:  # any failure: say what to put where
        where = os.path.abspath(train_dir)
        raise FileNotFoundError(
            "MNIST data not found: %s is missing %s, and downloading from %s failed "
            "(%s: %s). Put these files into %s: %s (gzipped as published, or "
            "uncompressed under the same names without .gz), or pass source_url= "
            "a mirror that has them."
            % (where, ", ".join(missing), source_url, type(err).__name__, err,
               where, ", ".join(missing))
        ) from err
    return found


def read_data_sets(train_dir, fake_data=False, one_hot=False, dtype="float32",
                   reshape=True, validation_size=5000, seed=None,
                   source_url=DEFAULT_SOURCE_URL):
    """MNIST as Datasets(train, validation, test) of DataSet, as TF 1.x read it.

    Reads train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
    t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (or the same
    files uncompressed) from `train_dir`, downloading missing ones from
    `source_url` first. The first `validation_size` training examples form
    the validation set. `dtype` is float32 (pixels in [0, 1]) or uint8
    (0..255), as a TF dtype, numpy dtype or name; `reshape` flattens each
    image to 784 values; `one_hot` gives labels as rows of 10; `seed` makes
    the shuffling of next_batch reproducible. With fake_data=True nothing is
    read and the three DataSets are fake ones.
    """
    _image_dtype(dtype)  # reject a bad dtype before any file work
    if fake_data:
        def fake():
            return DataSet([], [], fake_data=True, one_hot=one_hot, dtype=dtype, seed=seed)

        return Datasets(train=fake(), validation=fake(), test=fake())
    if not source_url:
        source_url = DEFAULT_SOURCE_URL
    paths = _mnist_files(os.fspath(train_dir) or os.curdir, source_url)
    train_images = _read_images(paths[_TRAIN_IMAGES])
    train_labels = _read_labels(paths[_TRAIN_LABELS], one_hot)
    test_images = _read_images(paths[_TEST_IMAGES])
    test_labels = _read_labels(paths[_TEST_LABELS], one_hot)
    for what, images, labels in (("training", train_images, train_labels),
                                 ("test", test_images, test_labels)):
        if len(images) != len(labels):
            raise ValueError("the MNIST %s files disagree: %d images, %d labels"
                             % (what, len(images), len(labels)))
    if isinstance(validation_size, bool) or not isinstance(validation_size, numbers.Integral) \
            or not 0 <= validation_size <= len(train_images):
        raise ValueError("validation_size must be an integer from 0 to %d (the number of "
                         "training images), got %r" % (len(train_images), validation_size))
    validation_size = int(validation_size)
    options = dict(dtype=dtype, reshape=reshape, seed=seed)
    validation = DataSet(train_images[:validation_size], train_labels[:validation_size],
                         **options)
    train = DataSet(train_images[validation_size:], train_labels[validation_size:],
                    **options)
    test = DataSet(test_images, test_labels, **options)
    return Datasets(train=train, validation=validation, test=test)
