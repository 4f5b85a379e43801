"""Tests of python/tfup_compat.py (run by scripts/test_compat.sh).

The MNIST tests write tiny IDX files into tmp_path; nothing touches the
network (downloads go to file:// URLs or a replaced downloader).
"""
import gzip
import json
import os
import pickle
import struct
import subprocess
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import tfup_compat  # noqa: E402
from tfup_compat import HParams  # noqa: E402

# ---------------------------------------------------------------------------
# The module itself
# ---------------------------------------------------------------------------


def test_module_docstring_and_exports():
    assert "tf_upgrade_v2" in tfup_compat.__doc__
    assert "--target" in tfup_compat.__doc__
    assert set(tfup_compat.__all__) == {
        "HParams", "DataSet", "Datasets", "read_data_sets", "DEFAULT_SOURCE_URL"}


def test_import_needs_neither_numpy_nor_tensorflow():
    # HParams works where numpy cannot be imported; TensorFlow is never imported.
    code = (
        "import sys\n"
        "sys.modules['numpy'] = None\n"
        "sys.modules['tensorflow'] = None\n"
        "import tfup_compat\n"
        "h = tfup_compat.HParams(a=1, b=[1.5]).parse('a=2,b=[3]')\n"
        "assert h.values() == {'a': 2, 'b': [3.0]}, h.values()\n"
        "print('ok')\n"
    )
    env = dict(os.environ, PYTHONPATH=os.path.dirname(HERE))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "ok"


# ---------------------------------------------------------------------------
# HParams: construction and attributes
# ---------------------------------------------------------------------------


def test_construction_and_attribute_access():
    h = HParams(learning_rate=0.1, num_hidden_units=100, activation="relu",
                use_bn=True, layers=[64, 32])
    assert h.learning_rate == 0.1
    assert h.num_hidden_units == 100
    assert h.activation == "relu"
    assert h.use_bn is True
    assert h.layers == [64, 32]
    assert h.values() == {"learning_rate": 0.1, "num_hidden_units": 100,
                          "activation": "relu", "use_bn": True, "layers": [64, 32]}


def test_values_keeps_creation_order():
    h = HParams(z=1, a=2, m=3)
    assert list(h.values()) == ["z", "a", "m"]


def test_hparam_def_is_not_supported():
    with pytest.raises(NotImplementedError, match="HParamDef"):
        HParams(hparam_def=object())
    with pytest.raises(NotImplementedError, match="keyword"):
        HParams(object(), a=1)


def test_model_structure_is_kept():
    marker = object()
    h = HParams(model_structure=marker, a=1)
    assert h.get_model_structure() is marker
    assert "model_structure" not in h
    other = object()
    h.set_model_structure(other)
    assert h.get_model_structure() is other
    assert HParams().get_model_structure() is None


def test_empty_list_is_refused():
    with pytest.raises(ValueError, match="empty"):
        HParams(x=[])


def test_tuple_becomes_list_and_mixed_numbers_are_float():
    h = HParams(t=(1, 2), m=[1, 2.5])
    assert h.t == [1, 2]
    assert h.m == [1.0, 2.5]
    assert all(type(v) is float for v in h.m)
    h.set_hparam("m", [3, 4])
    assert h.m == [3.0, 4.0] and all(type(v) is float for v in h.m)


def test_none_valued_hparam_takes_anything():
    h = HParams(opt=None)
    h.set_hparam("opt", "adam")
    assert h.opt == "adam"
    h.set_hparam("opt", [1, 2])
    assert h.opt == [1, 2]
    with pytest.raises(ValueError, match="None"):
        HParams(opt=None).parse("opt=adam")


def test_other_objects_keep_their_type():
    def relu(x):
        return x

    def tanh(x):
        return x

    h = HParams(activation=relu)
    h.set_hparam("activation", tanh)
    assert h.activation is tanh
    with pytest.raises(ValueError):
        h.set_hparam("activation", 3)


# ---------------------------------------------------------------------------
# add_hparam / set_hparam / del_hparam
# ---------------------------------------------------------------------------


def test_add_hparam():
    h = HParams(a=1)
    h.add_hparam("b", 2.5)
    assert h.b == 2.5 and "b" in h
    h.add_hparam("dotted.name", 3)
    assert getattr(h, "dotted.name") == 3
    with pytest.raises(ValueError, match="already exists"):
        h.add_hparam("a", 5)
    for reserved in ("values", "parse", "get", "set_hparam", "to_json"):
        with pytest.raises(ValueError, match="reserved"):
            h.add_hparam(reserved, 1)
    with pytest.raises(ValueError, match="reserved"):
        h.add_hparam("_private", 1)
    with pytest.raises(ValueError, match="reserved"):
        HParams(values=1)
    with pytest.raises(ValueError):
        h.add_hparam("", 1)
    with pytest.raises(ValueError):
        h.add_hparam(3, 1)


def test_set_hparam_type_rules():
    h = HParams(i=1, f=0.5, b=True, s="x", li=[1, 2], lf=[0.5], ls=["a"], lb=[True])
    h.set_hparam("f", 2)  # an int goes into a float
    assert h.f == 2.0 and type(h.f) is float
    h.set_hparam("i", 7)
    assert h.i == 7
    h.set_hparam("i", np.int64(8))  # any integral number goes into an int
    assert h.i == 8 and type(h.i) is int
    h.set_hparam("f", np.float32(0.25))
    assert h.f == 0.25 and type(h.f) is float
    for name, bad in [
        ("i", 2.0),       # a float never goes into an int, even an integral one
        ("i", 2.5),
        ("i", True),      # nor a bool into an int
        ("i", "3"),
        ("f", "0.5"),
        ("f", False),
        ("f", None),
        ("b", 1),         # a number does not go into a bool
        ("b", "true"),
        ("s", 3),         # only a string goes into a string
        ("s", None),
        ("li", 1),        # a scalar does not go into a list
        ("i", [1]),       # nor a list into a scalar
        ("li", [1, 2.5]),
        ("ls", [1]),
        ("lb", [0]),
    ]:
        with pytest.raises(ValueError):
            h.set_hparam(name, bad)
    h.set_hparam("lf", [1, 2])
    assert h.lf == [1.0, 2.0]
    h.set_hparam("li", (3, 4))
    assert h.li == [3, 4]
    h.set_hparam("b", False)
    assert h.b is False


def test_set_hparam_failure_leaves_value():
    h = HParams(i=1)
    with pytest.raises(ValueError):
        h.set_hparam("i", 1.5)
    assert h.i == 1


def test_set_hparam_unknown_name():
    h = HParams(a=1)
    with pytest.raises(KeyError):
        h.set_hparam("nope", 1)
    with pytest.raises(ValueError, match="nope"):
        h.set_hparam("nope", 1)


def test_del_hparam():
    h = HParams(a=1, b=2)
    h.del_hparam("a")
    assert "a" not in h
    assert not hasattr(h, "a")
    assert h.values() == {"b": 2}
    h.del_hparam("missing")  # nothing happens
    h.add_hparam("a", "again")
    assert h.a == "again"


def test_direct_attribute_assignment_shows_in_values():
    h = HParams(a=1)
    h.a = 5
    assert h.values() == {"a": 5}


# ---------------------------------------------------------------------------
# get, values, containment, printing, pickling
# ---------------------------------------------------------------------------


def test_get():
    h = HParams(i=1, f=0.5, s="x", b=True, li=[1, 2])
    assert h.get("i") == 1
    assert h.get("missing") is None
    assert h.get("missing", 42) == 42
    assert h.get("i", 3) == 1
    assert h.get("f", 3) == 0.5        # an int default fits a float
    assert h.get("li", [0]) == [1, 2]
    assert h.get("s", "y") == "x"
    assert h.get("b", False) is True
    for name, default in [("i", 2.5), ("i", "3"), ("s", 1), ("b", 0),
                          ("li", 1), ("i", [1]), ("li", ["a"])]:
        with pytest.raises(ValueError):
            h.get(name, default)


def test_contains():
    h = HParams(a=1)
    assert "a" in h
    assert "b" not in h
    assert "values" not in h


def test_str_and_repr():
    h = HParams(b=[1, 2], a=1, c="x")
    assert repr(h) == "HParams([('a', 1), ('b', [1, 2]), ('c', 'x')])"
    assert str(h) == "b=[1, 2],a=1,c=x"
    assert repr(HParams()) == "HParams([])"


def test_pickle_round_trip():
    h = HParams(a=1, f=0.5, b=[1, 2], n=None, model_structure={"k": 1})
    h2 = pickle.loads(pickle.dumps(h))
    assert h2.values() == h.values()
    assert h2.get_model_structure() == {"k": 1}
    h2.set_hparam("f", 3)
    assert h2.f == 3.0
    with pytest.raises(ValueError):
        h2.set_hparam("a", 0.5)


# ---------------------------------------------------------------------------
# override_from_dict, parse, JSON
# ---------------------------------------------------------------------------


def test_override_from_dict():
    h = HParams(a=1, f=0.5, s="x")
    assert h.override_from_dict({"a": 2, "f": 1}) is h
    assert h.values() == {"a": 2, "f": 1.0, "s": "x"}
    with pytest.raises(ValueError):
        h.override_from_dict({"a": "no"})
    with pytest.raises(KeyError):
        h.override_from_dict({"zz": 1})
    assert h.set_from_map({"s": "y"}) is h and h.s == "y"


def test_parse_scalars():
    h = HParams(i=1, f=0.5, s="x", b=False)
    assert h.parse("i=12,f=-.54e3,s=foo_bar,b=true") is h
    assert h.values() == {"i": 12, "f": -540.0, "s": "foo_bar", "b": True}
    h.parse("f=3")
    assert h.f == 3.0 and type(h.f) is float
    h.parse(" i = -7 , s = two words ")
    assert h.i == -7 and h.s == "two words"
    h.parse("s=")
    assert h.s == ""


@pytest.mark.parametrize("text,want", [
    ("true", True), ("True", True), ("TRUE", True), ("1", True), ("5", True),
    ("false", False), ("False", False), ("0", False),
])
def test_parse_bools(text, want):
    h = HParams(b=not want)
    h.parse("b=" + text)
    assert h.b is want


def test_parse_lists():
    h = HParams(li=[1], lf=[0.5], ls=["a"], lb=[True])
    h.parse("li=[1,2,3],lf=[1.0,1e-12, 3],ls=[high,low],lb=[false,true]")
    assert h.li == [1, 2, 3]
    assert h.lf == [1.0, 1e-12, 3.0]
    assert h.ls == ["high", "low"]
    assert h.lb == [False, True]
    h.parse("li=[4 5  6]")
    assert h.li == [4, 5, 6]
    h.parse("li=[]")
    assert h.li == []


def test_parse_index_assignment():
    h = HParams(arr=[1, 2, 3], s=["a", "b"])
    h.parse("arr[1]=20,arr[2]=30,s[0]=z")
    assert h.arr == [1, 20, 30]
    assert h.s == ["z", "b"]
    h.parse("arr[ 0 ] = 7")
    assert h.arr == [7, 20, 30]


@pytest.mark.parametrize("text,message", [
    ("nope=1", "unknown"),
    ("i=1,i=2", "twice"),
    ("arr[1]=1,arr[1]=2", "twice"),
    ("arr=[1,2,3],arr[0]=1", "both"),
    ("arr[0]=1,arr=[1,2,3]", "both"),
    ("arr[5]=1", "out of range"),
    ("i[0]=1", "not a list"),
    ("arr[0]=[1,2]", "not a list"),
    ("i=[1,2]", "not a list"),
    ("arr=3", "list"),
    ("i=1.5", "integer"),
    ("i=abc", "integer"),
    ("f=abc", "number"),
    ("b=maybe", "true or false"),
    ("arr=[1,x]", "integer"),
    ("i", "malformed"),
    ("=1", "malformed"),
    ("i=1,,f=2", "malformed"),
    ("arr=[1,2", "malformed"),
    ("s=a]b", "malformed"),
    ("1i=2", "malformed"),
])
def test_parse_errors(text, message):
    h = HParams(i=1, f=0.5, b=True, s="x", arr=[1, 2, 3])
    before = h.values()
    with pytest.raises(ValueError, match=message):
        h.parse(text)
    assert h.values() == before  # nothing changed


def test_parse_error_changes_nothing_even_after_good_clauses():
    h = HParams(i=1, f=0.5)
    with pytest.raises(ValueError):
        h.parse("f=2.5,i=oops")
    assert h.f == 0.5


def test_parse_empty_and_trailing_comma():
    h = HParams(i=1)
    assert h.parse("") is h and h.i == 1
    assert h.parse("   ").i == 1
    assert h.parse("i=2,").i == 2


def test_parse_rejects_non_string():
    with pytest.raises(ValueError):
        HParams(i=1).parse(None)


def test_to_json():
    h = HParams(b=[1, 2], a=1.5, s="x", flag=True, fn=len)
    assert json.loads(h.to_json()) == {"b": [1, 2], "a": 1.5, "s": "x", "flag": True}
    assert h.to_json(sort_keys=True) == '{"a": 1.5, "b": [1, 2], "flag": true, "s": "x"}'
    assert h.to_json(separators=(",", ":"), sort_keys=True) == \
        '{"a":1.5,"b":[1,2],"flag":true,"s":"x"}'
    assert "\n  " in h.to_json(indent=2)


def test_parse_json():
    h = HParams(a=1, f=0.5, l=[1], s="x")
    assert h.parse_json('{"a": 3, "f": 2, "l": [4, 5], "s": "y"}') is h
    assert h.values() == {"a": 3, "f": 2.0, "l": [4, 5], "s": "y"}
    with pytest.raises(ValueError):
        h.parse_json('{"a": 1.5}')
    with pytest.raises(ValueError):
        h.parse_json("not json")
    with pytest.raises(ValueError):
        h.parse_json("[1, 2]")
    round_trip = HParams(a=0, f=0.0, l=[0], s="").parse_json(h.to_json())
    assert round_trip.values() == h.values()


# ---------------------------------------------------------------------------
# MNIST
# ---------------------------------------------------------------------------

NAMES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
         "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")


def idx_images(images):
    n, rows, cols = images.shape
    return struct.pack(">IIII", 2051, n, rows, cols) + images.astype(np.uint8).tobytes()


def idx_labels(labels):
    return struct.pack(">II", 2049, len(labels)) + labels.astype(np.uint8).tobytes()


def write_mnist(folder, n_train=30, n_test=10, compress=True, seed=0):
    """Tiny MNIST files: image i of the training set has all pixels = i, and
    label i % 10, so a batch shows which examples it holds."""
    rng = np.random.RandomState(seed)
    train_images = np.stack([np.full((28, 28), i, np.uint8) for i in range(n_train)])
    train_labels = np.arange(n_train) % 10
    test_images = rng.randint(0, 256, size=(n_test, 28, 28))
    test_labels = rng.randint(0, 10, size=n_test)
    contents = {
        NAMES[0]: idx_images(train_images),
        NAMES[1]: idx_labels(train_labels),
        NAMES[2]: idx_images(test_images),
        NAMES[3]: idx_labels(test_labels),
    }
    os.makedirs(str(folder), exist_ok=True)
    for name, data in contents.items():
        if compress:
            with gzip.open(os.path.join(str(folder), name), "wb") as f:
                f.write(data)
        else:
            with open(os.path.join(str(folder), name[:-3]), "wb") as f:
                f.write(data)
    return test_images, test_labels


def ids(images):
    """The example numbers of a batch of write_mnist's training images."""
    flat = np.asarray(images).reshape(len(images), -1)
    if flat.dtype == np.uint8:
        return [int(row[0]) for row in flat]
    return [int(round(float(row[0]) * 255)) for row in flat]


def test_read_data_sets_defaults(tmp_path):
    test_images, test_labels = write_mnist(tmp_path)
    data = tfup_compat.read_data_sets(str(tmp_path), validation_size=5)
    assert isinstance(data, tfup_compat.Datasets)
    assert data._fields == ("train", "validation", "test")
    train, validation, test = data
    assert (train.num_examples, validation.num_examples, test.num_examples) == (25, 5, 10)
    assert train.images.shape == (25, 784)
    assert train.images.dtype == np.float32
    assert 0.0 <= train.images.min() and train.images.max() <= 1.0
    assert train.labels.shape == (25,)
    assert train.labels.dtype == np.uint8
    # validation is the start of the training files, train the rest
    assert ids(validation.images) == [0, 1, 2, 3, 4]
    assert ids(train.images) == list(range(5, 30))
    assert list(train.labels) == [i % 10 for i in range(5, 30)]
    np.testing.assert_allclose(test.images, test_images.reshape(10, 784) / 255.0, rtol=1e-6)
    assert list(test.labels) == list(test_labels)
    assert train.epochs_completed == 0


def test_default_validation_size_larger_than_tiny_train_set(tmp_path):
    write_mnist(tmp_path)
    with pytest.raises(ValueError, match="between|from 0 to 30"):
        tfup_compat.read_data_sets(str(tmp_path))  # the default is 5000


@pytest.mark.parametrize("size", [-1, 31, 2.5])
def test_validation_size_out_of_range(tmp_path, size):
    write_mnist(tmp_path)
    with pytest.raises(ValueError, match="validation_size"):
        tfup_compat.read_data_sets(str(tmp_path), validation_size=size)


def test_validation_size_edges(tmp_path):
    write_mnist(tmp_path)
    data = tfup_compat.read_data_sets(str(tmp_path), validation_size=0)
    assert data.validation.num_examples == 0 and data.train.num_examples == 30
    data = tfup_compat.read_data_sets(str(tmp_path), validation_size=30)
    assert data.validation.num_examples == 30 and data.train.num_examples == 0


def test_one_hot(tmp_path):
    write_mnist(tmp_path)
    data = tfup_compat.read_data_sets(str(tmp_path), one_hot=True, validation_size=0)
    labels = data.train.labels
    assert labels.shape == (30, 10)
    assert labels.dtype == np.float64
    assert (labels.sum(axis=1) == 1).all()
    assert list(labels.argmax(axis=1)) == [i % 10 for i in range(30)]


def test_reshape_false(tmp_path):
    write_mnist(tmp_path)
    data = tfup_compat.read_data_sets(str(tmp_path), reshape=False, validation_size=0)
    assert data.train.images.shape == (30, 28, 28, 1)
    images, labels = data.train.next_batch(4)
    assert images.shape == (4, 28, 28, 1)


class FakeTFDType(object):
    """What read_data_sets sees of a TensorFlow dtype."""

    def __init__(self, name, numpy_type):
        self.name = name
        self.as_numpy_dtype = numpy_type
        self.base_dtype = self


class NamedDType(object):
    def __init__(self, name):
        self.name = name


@pytest.mark.parametrize("dtype", [
    "uint8", np.uint8, np.dtype("uint8"), FakeTFDType("uint8", np.uint8), NamedDType("uint8"),
])
def test_dtype_uint8(tmp_path, dtype):
    write_mnist(tmp_path)
    data = tfup_compat.read_data_sets(str(tmp_path), dtype=dtype, validation_size=0)
    assert data.train.images.dtype == np.uint8
    assert ids(data.train.images) == list(range(30))
    assert data.train.images.max() == 29


@pytest.mark.parametrize("dtype", [
    "float32", np.float32, np.dtype("float32"), FakeTFDType("float32", np.float32),
    NamedDType("float32"),
])
def test_dtype_float32(tmp_path, dtype):
    write_mnist(tmp_path)
    data = tfup_compat.read_data_sets(str(tmp_path), dtype=dtype, validation_size=0)
    assert data.train.images.dtype == np.float32
    np.testing.assert_allclose(data.train.images[29], np.full(784, 29 / 255.0), rtol=1e-6)


@pytest.mark.parametrize("dtype", [
    "float64", np.float64, float, int, "int32", None, "nonsense",
    FakeTFDType("float16", np.float16), NamedDType("int64"), object(),
])
def test_dtype_invalid(tmp_path, dtype):
    write_mnist(tmp_path)
    with pytest.raises(TypeError, match="dtype"):
        tfup_compat.read_data_sets(str(tmp_path), dtype=dtype, validation_size=0)


def test_bad_dtype_is_refused_before_any_download(tmp_path, monkeypatch):
    def no_download(url, path):
        raise AssertionError("no download expected")

    monkeypatch.setattr(tfup_compat, "_download", no_download)
    with pytest.raises(TypeError):
        tfup_compat.read_data_sets(str(tmp_path / "empty"), dtype="float64")


def test_uncompressed_files(tmp_path):
    write_mnist(tmp_path, compress=False)
    assert sorted(os.listdir(str(tmp_path))) == sorted(n[:-3] for n in NAMES)
    data = tfup_compat.read_data_sets(str(tmp_path), validation_size=10)
    assert data.train.num_examples == 20 and data.test.num_examples == 10


def test_gzip_content_under_plain_name_is_read(tmp_path):
    write_mnist(tmp_path)
    for name in NAMES:
        os.rename(str(tmp_path / name), str(tmp_path / name[:-3]))
    data = tfup_compat.read_data_sets(str(tmp_path), validation_size=0)
    assert data.train.num_examples == 30


def test_path_like_train_dir(tmp_path):
    write_mnist(tmp_path)
    data = tfup_compat.read_data_sets(tmp_path, validation_size=0)
    assert data.train.num_examples == 30


def test_wrong_magic_numbers(tmp_path):
    write_mnist(tmp_path)
    # labels where images belong
    os.replace(str(tmp_path / NAMES[1]), str(tmp_path / NAMES[0]))
    write_labels = gzip.open(str(tmp_path / NAMES[1]), "wb")
    write_labels.write(idx_labels(np.arange(30) % 10))
    write_labels.close()
    with pytest.raises(ValueError, match=r"train-images-idx3-ubyte.gz.*magic number is 2049, expected 2051"):
        tfup_compat.read_data_sets(str(tmp_path), validation_size=0)
    # images where labels belong
    write_mnist(tmp_path)
    with gzip.open(str(tmp_path / NAMES[3]), "wb") as f:
        f.write(idx_images(np.zeros((10, 28, 28))))
    with pytest.raises(ValueError, match=r"t10k-labels.*magic number is 2051, expected 2049"):
        tfup_compat.read_data_sets(str(tmp_path), validation_size=0)


def test_truncated_and_broken_files(tmp_path):
    write_mnist(tmp_path)
    with gzip.open(str(tmp_path / NAMES[2]), "wb") as f:
        f.write(idx_images(np.zeros((10, 28, 28)))[:-100])
    with pytest.raises(ValueError, match="t10k-images.*bytes"):
        tfup_compat.read_data_sets(str(tmp_path), validation_size=0)
    write_mnist(tmp_path)
    with open(str(tmp_path / NAMES[0]), "wb") as f:
        f.write(b"\x1f\x8b not really gzip")
    with pytest.raises(ValueError, match="train-images"):
        tfup_compat.read_data_sets(str(tmp_path), validation_size=0)
    with open(str(tmp_path / NAMES[0]), "wb") as f:
        f.write(b"ab")
    with pytest.raises(ValueError, match="train-images"):
        tfup_compat.read_data_sets(str(tmp_path), validation_size=0)


def test_image_and_label_counts_must_agree(tmp_path):
    write_mnist(tmp_path)
    with gzip.open(str(tmp_path / NAMES[1]), "wb") as f:
        f.write(idx_labels(np.arange(29) % 10))
    with pytest.raises(ValueError, match="30 images, 29 labels"):
        tfup_compat.read_data_sets(str(tmp_path), validation_size=0)


def test_missing_files_without_network(tmp_path):
    folder = tmp_path / "mnist"
    with pytest.raises(FileNotFoundError) as err:
        tfup_compat.read_data_sets(str(folder), source_url="file:///nonexistent/")
    message = str(err.value)
    for name in NAMES:
        assert name in message
    assert str(folder) in message
    assert "file:///nonexistent/" in message
    assert isinstance(err.value, OSError)


def test_missing_some_files_names_only_those(tmp_path):
    write_mnist(tmp_path)
    os.remove(str(tmp_path / NAMES[2]))
    os.remove(str(tmp_path / NAMES[3]))
    with pytest.raises(FileNotFoundError) as err:
        tfup_compat.read_data_sets(str(tmp_path), source_url="file:///nonexistent/")
    message = str(err.value)
    assert NAMES[2] in message and NAMES[3] in message
    assert NAMES[0] not in message and NAMES[1] not in message
    assert str(tmp_path) in message


def test_download_from_source_url(tmp_path):
    # A "mirror" on disk, reached through a file:// URL.
    mirror = tmp_path / "mirror"
    write_mnist(mirror)
    target = tmp_path / "new" / "dir"
    url = mirror.as_uri() + "/"
    data = tfup_compat.read_data_sets(str(target), source_url=url, validation_size=3)
    assert data.train.num_examples == 27
    assert sorted(os.listdir(str(target))) == sorted(NAMES)  # no temporary files left


def test_default_source_url_is_used(tmp_path, monkeypatch):
    assert tfup_compat.DEFAULT_SOURCE_URL == "https://storage.googleapis.com/cvdf-datasets/mnist/"
    mirror = tmp_path / "mirror"
    write_mnist(mirror)
    urls = []

    def fake_download(url, path):
        urls.append(url)
        name = url.rsplit("/", 1)[1]
        with open(str(mirror / name), "rb") as src, open(path, "wb") as dst:
            dst.write(src.read())

    monkeypatch.setattr(tfup_compat, "_download", fake_download)
    for source_url in (tfup_compat.DEFAULT_SOURCE_URL, "", None):
        target = tmp_path / ("dl%d" % len(urls))
        tfup_compat.read_data_sets(str(target), source_url=source_url, validation_size=0)
    assert urls == [tfup_compat.DEFAULT_SOURCE_URL + n for n in NAMES] * 3


def test_failing_downloader_message(tmp_path, monkeypatch):
    def broken(url, path):
        raise OSError("no route to host")

    monkeypatch.setattr(tfup_compat, "_download", broken)
    with pytest.raises(FileNotFoundError, match="no route to host") as err:
        tfup_compat.read_data_sets(str(tmp_path))
    assert all(name in str(err.value) for name in NAMES)
    assert "Put these files into %s" % tmp_path in str(err.value)


# -- next_batch --------------------------------------------------------------


def load(tmp_path, **kwargs):
    write_mnist(tmp_path)
    kwargs.setdefault("validation_size", 0)
    return tfup_compat.read_data_sets(str(tmp_path), **kwargs)


def test_next_batch_without_shuffle_is_in_order_and_wraps(tmp_path):
    train = load(tmp_path).train
    seen = []
    for _ in range(3):
        images, labels = train.next_batch(10, shuffle=False)
        assert images.shape == (10, 784) and labels.shape == (10,)
        seen += ids(images)
        assert list(labels) == [i % 10 for i in ids(images)]
    assert seen == list(range(30))
    assert train.epochs_completed == 0  # the epoch ended exactly at a batch end
    images, _ = train.next_batch(10, shuffle=False)
    assert ids(images) == list(range(10))
    assert train.epochs_completed == 1
    # a batch across the end of an epoch: its rest, then the new epoch's start
    train = load(tmp_path).train
    train.next_batch(25, shuffle=False)
    images, labels = train.next_batch(10, shuffle=False)
    assert ids(images) == [25, 26, 27, 28, 29, 0, 1, 2, 3, 4]
    assert list(labels) == [5, 6, 7, 8, 9, 0, 1, 2, 3, 4]
    assert train.epochs_completed == 1


def test_next_batch_shuffles_first_epoch_and_each_epoch(tmp_path):
    train = load(tmp_path, seed=3).train
    first = []
    for _ in range(3):
        images, labels = train.next_batch(10)
        first += ids(images)
        assert list(labels) == [i % 10 for i in ids(images)]  # pairs stay together
    assert sorted(first) == list(range(30))   # each example once per epoch
    assert first != list(range(30))           # shuffled
    second = []
    for _ in range(3):
        second += ids(train.next_batch(10)[0])
    assert sorted(second) == list(range(30))
    assert second != first                    # reshuffled at the epoch end
    assert train.epochs_completed == 1


def test_next_batch_wrap_around_with_shuffle(tmp_path):
    train = load(tmp_path, seed=1).train
    a = ids(train.next_batch(20)[0])
    b = ids(train.next_batch(20)[0])  # 10 from epoch 0, then 10 from epoch 1
    assert train.epochs_completed == 1
    assert len(b) == 20
    assert sorted(a + b[:10]) == list(range(30))  # epoch 0 complete, no repeats
    assert len(set(b[10:])) == 10
    c = ids(train.next_batch(20)[0])  # the other 20 of epoch 1
    assert sorted(b[10:] + c) == list(range(30))
    assert train.epochs_completed == 1


def test_seed_makes_shuffling_reproducible(tmp_path):
    def order(seed, folder):
        train = load(folder, seed=seed).train
        return [ids(train.next_batch(7)[0]) for _ in range(10)]

    assert order(42, tmp_path / "a") == order(42, tmp_path / "b")
    assert order(42, tmp_path / "c") != order(43, tmp_path / "d")


def test_batch_larger_than_the_set(tmp_path):
    train = load(tmp_path, seed=0).train
    images, labels = train.next_batch(70)
    assert images.shape == (70, 784) and labels.shape == (70,)
    assert train.epochs_completed == 2
    got = ids(images)
    assert sorted(got[:30]) == list(range(30)) and sorted(got[30:60]) == list(range(30))


def test_next_batch_one_hot_and_uint8(tmp_path):
    train = load(tmp_path, one_hot=True, dtype="uint8").train
    images, labels = train.next_batch(5, shuffle=False)
    assert images.dtype == np.uint8 and labels.shape == (5, 10)
    assert list(labels.argmax(axis=1)) == [0, 1, 2, 3, 4]


def test_next_batch_errors(tmp_path):
    data = load(tmp_path)
    with pytest.raises(ValueError):
        data.train.next_batch(-1)
    with pytest.raises(ValueError, match="no examples"):
        data.validation.next_batch(1)  # validation_size=0


def test_fake_data():
    data = tfup_compat.read_data_sets("/nonexistent/never/read", fake_data=True)
    for part in data:
        assert part.num_examples == 10000
        images, labels = part.next_batch(3)
        assert len(images) == 3 and all(len(img) == 784 for img in images)
        assert labels == [0, 0, 0]
    hot = tfup_compat.read_data_sets("/nonexistent", fake_data=True, one_hot=True)
    images, labels = hot.train.next_batch(2, fake_data=True)
    assert labels == [[1] + [0] * 9] * 2
    assert np.asarray(images).shape == (2, 784)


def test_fake_batch_from_real_dataset(tmp_path):
    train = load(tmp_path).train
    images, labels = train.next_batch(4, fake_data=True)
    assert np.asarray(images).shape == (4, 784) and labels == [0] * 4
    assert train.epochs_completed == 0


def test_dataset_constructor():
    images = np.zeros((6, 28, 28, 1), np.uint8)
    labels = np.arange(6)
    ds = tfup_compat.DataSet(images, labels, dtype="uint8")
    assert ds.images.shape == (6, 784) and ds.num_examples == 6
    with pytest.raises(ValueError, match="6 images but 5 labels"):
        tfup_compat.DataSet(images, labels[:5])
    with pytest.raises(ValueError, match="one channel"):
        tfup_compat.DataSet(np.zeros((6, 28, 28, 3)), labels)
    with pytest.raises(TypeError):
        tfup_compat.DataSet(images, labels, dtype="int32")
