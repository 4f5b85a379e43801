"""A small TensorFlow 1.x training script, the README's example."""
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 784])
y = tf.placeholder(tf.int64, [None])
w = tf.get_variable("w", [784, 10], initializer=tf.zeros_initializer())
logits = tf.matmul(x, w)
pred = tf.argmax(logits, 1, None, 0)
acc = tf.reduce_mean(tf.to_float(tf.equal(pred, y)))
hidden = tf.nn.dropout(logits, keep_prob=0.9)
loss = tf.reduce_mean(
    tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits),
    keep_dims=False)
step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)

if tf.gfile.Exists("/tmp/mnist"):
    tf.logging.info("data found")
net = tf.contrib.layers.fully_connected(x, 10)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
