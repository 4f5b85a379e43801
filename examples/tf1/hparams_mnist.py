"""A TensorFlow 1.x program using two APIs TensorFlow 2 no longer has:
tf.contrib.training.HParams (with parse() of command-line-like overrides)
and the MNIST tutorial's input_data.read_data_sets / next_batch, feeding a
softmax regression through tf.placeholder and tf.Session. It writes its own
tiny MNIST-format files first, so it needs no download. Written for this
repository; converted with --target it runs on TensorFlow 2.21 with
tfup_compat.py beside it."""
import gzip
import os
import struct
import sys
import tempfile

import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

DATA_DIR = tempfile.mkdtemp()


def write_idx_files(folder, n_train=60, n_test=20):
    """Tiny gzipped IDX files: digit k lights up rows 2k..2k+2 (plus noise)."""
    rng = np.random.RandomState(0)
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        labels = rng.randint(0, 10, size=n).astype(np.uint8)
        images = rng.randint(0, 60, size=(n, 28, 28)).astype(np.uint8)
        for i, k in enumerate(labels):
            images[i, 2 * k:2 * k + 3, :] = 255
        with gzip.open(os.path.join(folder, prefix + "-images-idx3-ubyte.gz"), "wb") as f:
            f.write(struct.pack(">IIII", 2051, n, 28, 28) + images.tobytes())
        with gzip.open(os.path.join(folder, prefix + "-labels-idx1-ubyte.gz"), "wb") as f:
            f.write(struct.pack(">II", 2049, n) + labels.tobytes())


def main():
    hparams = tf.contrib.training.HParams(learning_rate=0.5, batch_size=10, steps=20)
    hparams.parse(",".join(sys.argv[1:]) or "learning_rate=0.3,batch_size=12")

    write_idx_files(DATA_DIR)
    mnist = input_data.read_data_sets(DATA_DIR, one_hot=True, validation_size=10)

    x = tf.placeholder(tf.float32, [None, 784])
    y_ = tf.placeholder(tf.float32, [None, 10])
    w = tf.Variable(tf.zeros([784, 10]))
    b = tf.Variable(tf.zeros([10]))
    logits = tf.matmul(x, w) + b
    loss = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=logits))
    train_step = tf.train.GradientDescentOptimizer(hparams.learning_rate).minimize(loss)
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(hparams.steps):
            batch_xs, batch_ys = mnist.train.next_batch(hparams.batch_size)
            sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})
        acc = sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels})
    print("accuracy %.2f after %d steps" % (acc, hparams.steps))


if __name__ == "__main__":
    main()
