//! Runs one conversion so that no input can take the process down: sources
//! with NUL bytes are refused, deep sources get a thread with a large stack,
//! and a panic is caught at the file boundary.

/// Stack size of the thread a conversion runs on: ample for the deepest tree
/// [`crate::syntax::parse`] accepts (the visitor, the edits and the tree's
/// own drop recurse over it). Only the pages touched are ever committed.
pub const WORKER_STACK: usize = 256 << 20;

/// Sources up to this size cannot nest deeper than the calling thread's
/// stack can take, so they are converted in place without a new thread.
pub(crate) const INLINE_LIMIT: usize = 256;

thread_local! {
    /// Set on threads started with a [`WORKER_STACK`]-sized stack.
    static BIG_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Declares that the current thread was started with a [`WORKER_STACK`]-sized
/// stack, so conversions run on it directly instead of on a new thread (call
/// it from the thread pool's start handler).
pub fn mark_big_stack_thread() {
    BIG_STACK.with(|b| b.set(true));
}

/// Environment variable read by debug builds only: a file containing its
/// value makes the converter panic (to test that panics are contained).
pub const PANIC_MARKER_VAR: &str = "TF_UPGRADE_V2_TEST_PANIC_MARKER";

/// Runs `f` on `source` with enough stack, catching a panic; the panic's
/// message on failure.
pub(crate) fn run<T: Send>(source: &str, f: impl Fn(&str) -> T + Sync) -> Result<T, String> {
    let guarded = |source: &str| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            #[cfg(debug_assertions)]
            if let Ok(marker) = std::env::var(PANIC_MARKER_VAR) {
                if !marker.is_empty() && source.contains(&marker) {
                    panic!("test panic requested by {PANIC_MARKER_VAR}");
                }
            }
            f(source)
        }))
    };
    let result = if source.len() <= INLINE_LIMIT || BIG_STACK.with(|b| b.get()) {
        guarded(source)
    } else {
        std::thread::scope(|scope| {
            let handle = std::thread::Builder::new()
                .name("convert".into())
                .stack_size(WORKER_STACK)
                .spawn_scoped(scope, || guarded(source));
            match handle {
                Ok(handle) => handle.join().unwrap_or_else(Err),
                // No thread to be had: convert here, as small files do.
                Err(_) => guarded(source),
            }
        })
    };
    result.map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown error".into())
    })
}
