"""A TensorFlow 1.x graph-mode program using tf.contrib.slim: a small
convolutional classifier on generated images, arg_scope, a tf.train
optimizer with momentum and a Saver. Written for this repository;
`scripts/run_examples.sh` converts it with each target and runs it on
TensorFlow 2.21."""
import os
import tempfile

import numpy as np
import tensorflow as tf
import tensorflow.contrib.slim as slim


def net(images, num_classes):
    with slim.arg_scope([slim.conv2d, slim.fully_connected],
                        activation_fn=tf.nn.relu,
                        weights_initializer=tf.truncated_normal_initializer(stddev=0.1)):
        h = slim.conv2d(images, 8, [3, 3], scope="conv1")
        h = slim.max_pool2d(h, [2, 2], scope="pool1")
        h = slim.flatten(h)
        h = tf.contrib.layers.fully_connected(h, 32, scope="fc1")
        return slim.fully_connected(h, num_classes, activation_fn=None, scope="logits")


def make_data(rng, n):
    """Images whose class is the quadrant holding a bright square."""
    images = rng.rand(n, 8, 8, 1).astype(np.float32) * 0.1
    labels = rng.randint(0, 4, size=n)
    for image, label in zip(images, labels):
        r, c = divmod(label, 2)
        image[r * 4:r * 4 + 4, c * 4:c * 4 + 4, 0] += 1.0
    return images, labels


def main():
    rng = np.random.RandomState(1)
    train_x, train_y = make_data(rng, 200)

    images = tf.placeholder(tf.float32, [None, 8, 8, 1])
    labels = tf.placeholder(tf.int64, [None])
    logits = net(images, 4)
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    correct = tf.equal(tf.argmax(logits, 1), labels)
    accuracy = tf.reduce_mean(tf.to_float(correct))
    train_op = tf.train.MomentumOptimizer(0.05, 0.9).minimize(loss)
    saver = tf.train.Saver(slim.get_model_variables())

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(60):
            sess.run(train_op, {images: train_x, labels: train_y})
        acc = sess.run(accuracy, {images: train_x, labels: train_y})
        path = saver.save(sess, os.path.join(tempfile.mkdtemp(), "model.ckpt"))
    print("accuracy %.2f, saved %s" % (acc, os.path.basename(path)))
    assert acc > 0.9, "the classifier did not learn"


if __name__ == "__main__":
    main()
