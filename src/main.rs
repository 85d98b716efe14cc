//! `dvk`: the command line over the `dvk` library.

mod cli;
mod commands;

use clap::error::ErrorKind;
use clap::Parser;
use dvk::exit_code::ExitCode;

/// jemalloc keeps a many-file run's memory lower and steadier than glibc's
/// per-thread arenas (see Cargo.toml); Windows uses its own allocator.
#[cfg(not(windows))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    // A panic in one file's reader is caught and reported as that file's
    // error; say it in one line rather than Rust's default note.
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("dvk: lỗi nội bộ{place}");
    }));
    // Files or a folder dropped onto dvk.exe arrive as bare paths.
    if let Some(paths) = commands::dropped::dropped_paths(std::env::args_os().skip(1)) {
        let code = commands::dropped::run(paths);
        std::process::exit(code.code());
    }
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

/// clap's own messages are English: say what went wrong in Vietnamese,
/// from the error's context, and where to read more.
fn explain_usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue};
    let context = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let argument = context(ContextKind::InvalidArg);
    // The command the user was typing, as typed (an alias stays an alias),
    // and an example of it.
    let typed = std::env::args().nth(1);
    let (command, example) = match typed.as_deref() {
        Some(c @ ("check" | "kiem-tra")) => (Some(c), "dvk kiem-tra bao-cao-cac-xa"),
        Some(c @ ("template" | "mau")) => (Some(c), "dvk mau -o bieu-mau.xlsx"),
        Some(c @ ("build" | "tong-hop")) => (Some(c), "dvk tong-hop bao-cao-cac-xa -o ket-qua"),
        _ => (None, "dvk tong-hop bao-cao-cac-xa -o ket-qua"),
    };
    let value = context(ContextKind::InvalidValue);
    let what = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::Done;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let _ = e.print();
            return ExitCode::CouldNotRun;
        }
        ErrorKind::MissingRequiredArgument => {
            let missing: Vec<&str> = argument
                .split(", ")
                .map(|a| {
                    if a.contains("--out") {
                        "thư mục ghi kết quả (-o THƯ_MỤC)"
                    } else if a.contains("ĐẦU_VÀO") {
                        "tệp hoặc thư mục đầu vào"
                    } else {
                        a
                    }
                })
                .collect();
            format!("thiếu {}; ví dụ: {example}", missing.join(" và "))
        }
        ErrorKind::UnknownArgument => {
            let typed_arg = argument.split('=').next().unwrap_or(&argument);
            match suggested_option(e, command, typed_arg) {
                Some(near) => format!("không có tham số \"{argument}\" (có phải là {near}?)"),
                None => format!("không có tham số \"{argument}\""),
            }
        }
        ErrorKind::InvalidSubcommand => {
            let typed_command = context(ContextKind::InvalidSubcommand);
            let near = suggested_command(&typed_command)
                .map(|near| format!(" (có phải là {near}?)"))
                .unwrap_or_default();
            format!(
                "không có lệnh \"{typed_command}\"{near}; các lệnh: tong-hop (build), kiem-tra (check), mau (template)"
            )
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            // An option with a list of values shows the list, not a
            // command that does not use it.
            let valid = context(ContextKind::ValidValue);
            if valid.is_empty() {
                format!("thiếu giá trị sau {argument}; ví dụ: {example}")
            } else {
                let first = valid.split(", ").next().unwrap_or_default();
                let option = argument.split(' ').next().unwrap_or(&argument);
                format!(
                    "thiếu giá trị sau {argument}; các giá trị được dùng: {valid} (ví dụ: {option} {first})"
                )
            }
        }
        ErrorKind::InvalidValue if !argument.contains("SỐ_LUỒNG") => {
            let valid = context(ContextKind::ValidValue);
            if valid.is_empty() {
                format!("giá trị \"{value}\" không hợp lệ cho {argument}")
            } else {
                format!("giá trị \"{value}\" không hợp lệ cho {argument}; các giá trị được dùng: {valid}")
            }
        }
        ErrorKind::ValueValidation | ErrorKind::InvalidValue if argument.contains("SỐ_LUỒNG") =>
        {
            format!("\"{value}\" không phải số luồng ({argument} cần một số nguyên từ 1 trở lên, ví dụ --jobs 2)")
        }
        ErrorKind::ValueValidation if argument.contains("NĂM") => {
            // The reason `cli::parse_year` gave.
            match std::error::Error::source(e) {
                Some(reason) => {
                    let option = argument.split(' ').next().unwrap_or(&argument);
                    format!("{option} {value}: {reason}")
                }
                None => {
                    format!("\"{value}\" không phải là năm ({argument} cần một năm, ví dụ 2017)")
                }
            }
        }
        ErrorKind::ValueValidation => format!("giá trị \"{value}\" không hợp lệ cho {argument}"),
        ErrorKind::ArgumentConflict => {
            let other = context(ContextKind::PriorArg);
            // clap says an option given twice "cannot be used with" itself.
            if other == argument {
                format!("{argument} được ghi hai lần; hãy ghi mỗi tham số một lần")
            } else if other.is_empty() {
                format!("{argument} không dùng cùng với tham số khác đã ghi")
            } else {
                format!("{argument} không dùng cùng với {other}")
            }
        }
        ErrorKind::TooManyValues => {
            format!("{argument} chỉ được ghi một lần")
        }
        _ => "cách gọi không hợp lệ".to_owned(),
    };
    eprintln!("Lỗi: {what}.");
    match command {
        Some(command) => eprintln!("Xem hướng dẫn: dvk {command} --help"),
        None => eprintln!(
            "Xem hướng dẫn: dvk --help, hoặc dvk <lệnh> --help (ví dụ: dvk tong-hop --help)"
        ),
    }
    ExitCode::CouldNotRun
}

/// The option the user most likely meant by an unknown `typed` one: clap's
/// suggestion, else the nearest long name or Vietnamese alias (clap does not
/// suggest hidden aliases such as --so-sanh).
fn suggested_option(e: &clap::Error, command: Option<&str>, typed: &str) -> Option<String> {
    use clap::error::{ContextKind, ContextValue};
    let clap_says = || match e.get(ContextKind::SuggestedArg) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(list)) => list.first().cloned(),
        _ => None,
    };
    let Some(name) = typed.strip_prefix("--") else {
        return clap_says();
    };
    let mut known: Vec<String> = Vec::new();
    let root = <cli::Cli as clap::CommandFactory>::command();
    let sub = command.and_then(|c| root.find_subcommand(c));
    for cmd in sub.into_iter().chain(std::iter::once(&root)) {
        for arg in cmd.get_arguments() {
            known.extend(arg.get_long().map(str::to_owned));
            known.extend(
                arg.get_all_aliases()
                    .into_iter()
                    .flatten()
                    .map(str::to_owned),
            );
        }
    }
    match dvk::config::closest_name(name, &known) {
        Some(near) => Some(format!("--{near}")),
        None => clap_says(),
    }
}

/// The command the user most likely meant by an unknown one ("tonghop").
fn suggested_command(typed: &str) -> Option<String> {
    let root = <cli::Cli as clap::CommandFactory>::command();
    let known: Vec<String> = root
        .get_subcommands()
        .flat_map(|c| {
            std::iter::once(c.get_name().to_owned()).chain(c.get_all_aliases().map(str::to_owned))
        })
        .collect();
    // "tonghop", "kiemtra": the dash left out is one edit; a bare key also
    // catches the words typed with spaces or diacritics ("tổng hợp").
    let bare = dvk::normalise::fold::bare_key(typed).replace(' ', "-");
    dvk::config::closest_name(&bare, &known).map(str::to_owned)
}
