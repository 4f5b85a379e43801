fn main() -> std::process::ExitCode {
    tf_upgrade_v2::cli::main()
}
