fn main() -> std::process::ExitCode {
    tune_allocator();
    tf_upgrade_v2::cli::main()
}

/// glibc's malloc gives memory back to the system (trims the heap, unmaps
/// large blocks) as soon as it can; with one parse tree allocated and freed
/// per file that costs about a tenth of the run. Keep freed memory for the
/// next file instead: peak memory stays that of the largest file.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    extern "C" {
        fn mallopt(param: std::os::raw::c_int, value: std::os::raw::c_int) -> std::os::raw::c_int;
    }
    const M_TRIM_THRESHOLD: std::os::raw::c_int = -1;
    const M_MMAP_THRESHOLD: std::os::raw::c_int = -3;
    // SAFETY: mallopt only sets allocator parameters; called before any
    // thread starts.
    unsafe {
        mallopt(M_TRIM_THRESHOLD, 256 << 20);
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}
