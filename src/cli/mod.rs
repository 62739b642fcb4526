//! Command-line interface: one module per command. Commands print and return an exit code;
//! the work itself happens in the library.

pub mod build;
pub mod check;
pub mod new;
pub mod serve;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: the content (or theme) has errors.
pub const EXIT_CONTENT: i32 = 1;
/// Exit code: the command was used wrongly.
pub const EXIT_USAGE: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "metodika",
    version,
    about = "Builds training and methodology sites that work online and offline."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into a folder of static files (default: public/).
    Build(build::BuildArgs),
    /// Build the site, serve it on this computer and rebuild and reload on every change.
    Serve(serve::ServeArgs),
    /// Run every check of a build (front matter, links, anchors, templates) without writing.
    Check(check::CheckArgs),
    /// Create a new site that builds at once, with an example of every content format.
    New(new::NewArgs),
}

/// Options shared by the commands that read a site.
#[derive(Debug, clap::Args)]
pub struct RootArg {
    /// The site folder (the one with site.yaml).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

impl RootArg {
    /// The site folder, or the exit code for a folder that does not exist.
    pub fn existing(self) -> Result<PathBuf, i32> {
        if self.root.is_dir() {
            Ok(self.root)
        } else {
            eprintln!("error: the site folder {} does not exist\n  = hint: pass --root DIR with the folder that holds site.yaml", self.root.display());
            Err(EXIT_USAGE)
        }
    }
}

/// Runs the parsed command and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Check(args) => check::run(args),
        Command::New(args) => new::run(args),
    }
}

/// Prints diagnostics to stderr, errors and warnings alike.
pub fn print_diagnostics(diagnostics: &[metodika_core::diagnostics::Diagnostic]) {
    metodika_core::diagnostics::print_all(diagnostics);
}
