use clap::Parser;

fn main() {
    let cli = metodika::cli::Cli::parse();
    std::process::exit(metodika::cli::run(cli));
}
