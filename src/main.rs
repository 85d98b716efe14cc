//! `dvk`: the command line over the `dvk` library.

mod cli;
mod commands;

use clap::error::ErrorKind;
use clap::Parser;
use dvk::exit_code::ExitCode;

fn main() {
    let code = match cli::Cli::try_parse() {
        Ok(cli) => run(&cli.command),
        Err(e) => explain_usage_error(&e),
    };
    std::process::exit(code.code());
}

fn run(command: &cli::Command) -> ExitCode {
    let result = match command {
        cli::Command::Build(args) => commands::build::run(args),
        cli::Command::Check(args) => commands::check::run(args),
        cli::Command::Template(args) => commands::template::run(args),
    };
    result.unwrap_or_else(|e| {
        eprintln!("Lỗi: {e:#}");
        ExitCode::CouldNotRun
    })
}

/// clap's own messages are English: say what went wrong in Vietnamese first.
fn explain_usage_error(e: &clap::Error) -> ExitCode {
    let what = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::Done;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let _ = e.print();
            return ExitCode::CouldNotRun;
        }
        ErrorKind::MissingRequiredArgument => "thiếu tham số bắt buộc",
        ErrorKind::UnknownArgument => "tham số không hợp lệ",
        ErrorKind::InvalidSubcommand => "không có lệnh này (các lệnh: tong-hop, kiem-tra, mau)",
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "giá trị không hợp lệ",
        _ => "cách gọi không hợp lệ",
    };
    eprintln!("Lỗi: {what}.");
    eprintln!("{}", e.render().to_string().trim_end());
    eprintln!("Xem hướng dẫn: dvk --help");
    ExitCode::CouldNotRun
}
