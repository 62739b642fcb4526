//! `metodika serve`

use std::net::IpAddr;

use metodika_serve::{serve, CannotServe, ServeOptions};

use super::{RootArg, EXIT_CONTENT, EXIT_OK};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Port to serve on.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to serve on. Anything but 127.0.0.1 (or ::1) lets other computers read the site.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(args: ServeArgs) -> i32 {
    let root = match args.root.existing() {
        Ok(root) => root,
        Err(code) => return code,
    };
    if let Err(e) = ctrlc::set_handler(|| {
        eprintln!("\nStopped.");
        std::process::exit(EXIT_OK);
    }) {
        eprintln!("warning: Ctrl-C handling unavailable: {e}");
    }
    match serve(ServeOptions {
        root,
        bind: args.bind,
        port: args.port,
        open: args.open,
        include_drafts: args.drafts,
    }) {
        Ok(()) => EXIT_OK,
        Err(CannotServe(message)) => {
            eprintln!("error: {message}");
            EXIT_CONTENT
        }
    }
}
