"""A TensorFlow 1.x graph-mode program that imports TensorFlow's names the
ways TF 1 code does (`from tensorflow.train import AdamOptimizer`, `from
tensorflow.nn import dropout`, `from tensorflow import argmax`) and keeps its
files through `checkpoints.py`. Written for this repository;
`scripts/run_examples.sh` converts it with each target and runs it on
TensorFlow 2.21."""
import tempfile

import numpy as np
import tensorflow as tf
from tensorflow import argmax, placeholder, Session
from tensorflow.nn import dropout
from tensorflow.train import AdamOptimizer, Saver, get_or_create_global_step

from checkpoints import checkpoint_dir


def main():
    rng = np.random.RandomState(0)
    xs = rng.rand(200, 2).astype(np.float32)
    labels = (xs[:, 0] > xs[:, 1]).astype(np.int64)

    x = placeholder(tf.float32, [None, 2])
    y = placeholder(tf.int64, [None])
    keep = placeholder(tf.float32, [])
    w = tf.Variable(tf.zeros([2, 2]))
    b = tf.Variable(tf.zeros([2]))
    logits = tf.matmul(dropout(x, keep_prob=keep), w) + b
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    step = get_or_create_global_step()
    train = AdamOptimizer(0.1).minimize(loss, global_step=step)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(argmax(logits, dimension=1), y), tf.float32))
    saver = Saver()
    with Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(200):
            sess.run(train, {x: xs, y: labels, keep: 0.9})
        acc = sess.run(accuracy, {x: xs, y: labels, keep: 1.0})
        saver.save(sess, checkpoint_dir(tempfile.mkdtemp()) + "/model")
    print("accuracy %.3f after %d steps" % (acc, 200))


if __name__ == "__main__":
    main()
