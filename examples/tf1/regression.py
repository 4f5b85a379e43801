"""A TensorFlow 1.x graph-mode program: a small regression network built with
tf.layers, trained with a tf.train optimizer on generated data, with TF1
summaries and flags. Written for this repository; `scripts/run_examples.sh`
converts it with each target and runs it on TensorFlow 2.21."""
import tempfile

import numpy as np
import tensorflow as tf

tf.flags.DEFINE_integer("steps", 150, "Training steps.")
tf.flags.DEFINE_float("learning_rate", 0.05, "Adam's learning rate.")
FLAGS = tf.flags.FLAGS


def model(x):
    hidden = tf.layers.dense(x, 16, activation=tf.nn.relu, name="hidden")
    return tf.layers.dense(hidden, 1, name="out")


def main(_):
    rng = np.random.RandomState(0)
    xs = rng.rand(256, 4).astype(np.float32)
    ys = xs.dot(np.array([[1.0], [-2.0], [0.5], [3.0]], np.float32)) + 0.1

    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    pred = model(x)
    loss = tf.reduce_mean(tf.squared_difference(pred, y))
    tf.summary.scalar("loss", loss)
    tf.summary.histogram("predictions", pred)
    summaries = tf.summary.merge_all()

    global_step = tf.train.get_or_create_global_step()
    optimizer = tf.train.AdamOptimizer(FLAGS.learning_rate)
    train_op = optimizer.minimize(loss, global_step=global_step)

    writer = tf.summary.FileWriter(tempfile.mkdtemp())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss, {x: xs, y: ys})
        for _ in range(FLAGS.steps):
            _, value, summary, step = sess.run(
                [train_op, loss, summaries, global_step], {x: xs, y: ys})
            writer.add_summary(summary, step)
        writer.close()
    print("loss %.4f -> %.4f after %d steps" % (first, value, step))
    assert value < first / 4, "the loss did not go down"


if __name__ == "__main__":
    tf.app.run()
