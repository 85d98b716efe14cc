//! The scale benchmark: `dvk build` end to end against the parse floor, on
//! the same generated files, in one run.
//!
//! ```text
//! cargo bench --bench scale -- [province|region|nation] [--files N] [--models M]
//!                              [--csv-every K] [--repeat R] [--jobs J] [--data DIR]
//! ```
//!
//! Sizes: province = 100 communes × 300 models, region = 400 × 300,
//! nation = 3,321 × 300. Data is generated once under
//! `target/dvk-bench/<size>/` (under `CARGO_TARGET_DIR` when set) and
//! reused while its stamp matches. Each round
//! runs the floor and dvk once, in alternating order, each in its own
//! process under a small wrapper that reports the child's peak memory
//! (Linux: getrusage of the waited child). Prints medians, the ratio,
//! rows/s, MB/s and peak memory.

mod floor;
mod generate;

use anyhow::{bail, Context, Result};
use generate::Spec;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const DVK: &str = env!("CARGO_BIN_EXE_dvk");

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("__measure") => measure_child(&args[1..]),
        Some("__floor") => run_floor(&args[1..]),
        _ => bench(&args),
    }
}

struct Options {
    name: String,
    spec: Spec,
    repeat: usize,
    jobs: Option<usize>,
    data: Option<PathBuf>,
}

fn parse(args: &[String]) -> Result<Options> {
    let mut options = Options {
        name: "province".to_owned(),
        spec: Spec {
            communes: 100,
            models: 300,
            csv_every: 10,
            seed: 2025,
        },
        repeat: 5,
        jobs: None,
        data: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || -> Result<String> {
            args.next()
                .cloned()
                .with_context(|| format!("{arg} needs a value"))
        };
        match arg.as_str() {
            // cargo bench passes this to every bench binary.
            "--bench" => {}
            "province" => (options.name, options.spec.communes) = (arg.clone(), 100),
            "region" => (options.name, options.spec.communes) = (arg.clone(), 400),
            "nation" => (options.name, options.spec.communes) = (arg.clone(), 3321),
            "--files" => {
                options.spec.communes = value()?.parse()?;
                options.name = "custom".to_owned();
            }
            "--models" => options.spec.models = value()?.parse()?,
            "--csv-every" => options.spec.csv_every = value()?.parse()?,
            "--seed" => options.spec.seed = value()?.parse()?,
            "--repeat" => options.repeat = value()?.parse::<usize>()?.max(1),
            "--jobs" => options.jobs = Some(value()?.parse()?),
            "--data" => options.data = Some(value()?.into()),
            other => bail!("unknown argument {other:?}; see benches/scale/main.rs"),
        }
    }
    Ok(options)
}

fn bench(args: &[String]) -> Result<()> {
    let options = parse(args)?;
    let spec = options.spec;
    // Under the target folder the user chose (CARGO_TARGET_DIR), as cargo's
    // own builds are.
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
        PathBuf::from,
    );
    let root = target.join("dvk-bench");
    let data = options.data.clone().unwrap_or_else(|| {
        root.join(format!(
            "{}-{}x{}",
            options.name, spec.communes, spec.models
        ))
    });
    ensure_data(&data, &spec)?;
    let out = root.join(format!("out-{}", options.name));
    let threads = options
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));

    let inputs = floor::spreadsheets(&data)?;
    let bytes: u64 = inputs
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    let exe = std::env::current_exe()?;
    let floor_command = || {
        let mut c = Command::new(&exe);
        c.arg("__floor").arg(&data).arg(threads.to_string());
        c
    };
    let dvk_command = || {
        let mut c = Command::new(DVK);
        c.arg("build").arg(&data).arg("-o").arg(&out).arg("--quiet");
        if let Some(jobs) = options.jobs {
            c.arg("--jobs").arg(jobs.to_string());
        }
        c
    };

    eprintln!(
        "{}: {} communes × {} models, {} files, {:.1} MB; {} rounds on {threads} threads",
        options.name,
        spec.communes,
        spec.models,
        inputs.len(),
        bytes as f64 / 1e6,
        options.repeat
    );
    // One untimed run of each warms the page cache.
    measure(&exe, floor_command())?;
    measure(&exe, dvk_command())?;
    let mut floor_runs = Vec::new();
    let mut dvk_runs = Vec::new();
    for round in 0..options.repeat {
        if round % 2 == 0 {
            floor_runs.push(measure(&exe, floor_command())?);
            dvk_runs.push(measure(&exe, dvk_command())?);
        } else {
            dvk_runs.push(measure(&exe, dvk_command())?);
            floor_runs.push(measure(&exe, floor_command())?);
        }
    }
    let rows = rows_read(&out.join("tong-hop.json"))?;
    // Memory that grows with the files, against what the outputs hold:
    // dvk on one file per thread is the base every run pays (its code,
    // the cells of the files in flight), the rest is what it keeps for
    // the outputs.
    let base_out = root.join(format!("out-{}-base", options.name));
    let base_inputs = &inputs[..threads.clamp(1, inputs.len())];
    let base_peak = (0..2)
        .map(|_| {
            let mut c = Command::new(DVK);
            c.arg("build")
                .args(base_inputs)
                .arg("-o")
                .arg(&base_out)
                .arg("--quiet");
            if let Some(jobs) = options.jobs {
                c.arg("--jobs").arg(jobs.to_string());
            }
            measure(&exe, c)
        })
        .collect::<Result<Vec<_>>>()?
        .iter()
        .filter_map(|r| r.peak_kib)
        .max();
    // The four outputs written, as they lie on disk (the workbook and the
    // Word report compressed): less than they take while being made.
    let output_bytes: u64 = [
        "tong-hop.json",
        "tong-hop.xlsx",
        "bao-cao.md",
        "bao-cao.docx",
    ]
    .iter()
    .map(|name| std::fs::metadata(out.join(name)).map_or(0, |m| m.len()))
    .sum();

    let floor_time = median(floor_runs.iter().map(|r| r.seconds));
    let dvk_time = median(dvk_runs.iter().map(|r| r.seconds));
    let paired = median(
        dvk_runs
            .iter()
            .zip(&floor_runs)
            .map(|(d, f)| d.seconds / f.seconds),
    );
    let floor_peak = floor_runs.iter().filter_map(|r| r.peak_kib).max();
    let dvk_peak = dvk_runs.iter().filter_map(|r| r.peak_kib).max();
    let mib =
        |kib: Option<u64>| kib.map_or("n/a".to_owned(), |k| format!("{:.0}", k as f64 / 1024.0));
    println!();
    println!("| data | tool | median s | peak MiB | rows/s | MB/s |");
    println!("|---|---|---:|---:|---:|---:|");
    for (tool, time, peak) in [
        ("floor", floor_time, floor_peak),
        ("dvk build", dvk_time, dvk_peak),
    ] {
        println!(
            "| {} | {tool} | {time:.3} | {} | {:.0} | {:.1} |",
            options.name,
            mib(peak),
            rows as f64 / time,
            bytes as f64 / 1e6 / time
        );
    }
    println!();
    println!(
        "dvk / floor: time {:.2}× (median of per-round ratios {paired:.2}×), peak memory {}",
        dvk_time / floor_time,
        match (dvk_peak, floor_peak) {
            (Some(d), Some(f)) => format!("{:.2}×", d as f64 / f as f64),
            _ => "n/a".to_owned(),
        }
    );
    if let (Some(all), Some(base)) = (dvk_peak, base_peak) {
        let growth = all.saturating_sub(base) as f64 / 1024.0;
        let held = output_bytes as f64 / (1024.0 * 1024.0);
        println!(
            "dvk peak memory on {} file(s), one per thread, {:.0} MiB; on all {} files {:.0} MiB: \
             {growth:.1} MiB more, against {held:.1} MiB of outputs written: {}",
            base_inputs.len(),
            base as f64 / 1024.0,
            inputs.len(),
            all as f64 / 1024.0,
            if growth <= held {
                "within what the outputs hold"
            } else {
                "MORE than the outputs hold"
            }
        );
    }
    println!(
        "rows read by dvk: {rows}; input {:.1} MB in {} files; data in {}",
        bytes as f64 / 1e6,
        inputs.len(),
        data.display()
    );
    Ok(())
}

/// Generates the data set unless the folder already holds this very one.
fn ensure_data(data: &Path, spec: &Spec) -> Result<()> {
    let stamp_path = data.join(".dvk-bench-stamp");
    let stamp = std::fs::read_to_string(&stamp_path).ok();
    if stamp.as_deref() == Some(spec.stamp().as_str()) {
        eprintln!("reusing the data in {} (same arguments)", data.display());
        return Ok(());
    }
    let empty = std::fs::read_dir(data).map_or(true, |mut d| d.next().is_none());
    if stamp.is_none() && !empty {
        // Only a folder this bench wrote (it has a stamp) is ever cleared.
        bail!(
            "{} is not empty and was not written by this bench; give an empty or new folder to --data",
            data.display()
        );
    }
    if data.exists() {
        std::fs::remove_dir_all(data).with_context(|| format!("clearing {}", data.display()))?;
    }
    std::fs::create_dir_all(data)?;
    let started = Instant::now();
    let tally = generate::generate(data, spec)?;
    eprintln!(
        "generated {} files, {} rows in {:.1} s",
        tally.files,
        tally.rows,
        started.elapsed().as_secs_f64()
    );
    std::fs::write(&stamp_path, spec.stamp())?;
    Ok(())
}

fn rows_read(json: &Path) -> Result<u64> {
    let text =
        std::fs::read_to_string(json).with_context(|| format!("reading {}", json.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text)?;
    value["rows"]["read"]
        .as_u64()
        .context("tong-hop.json has no rows.read")
}

struct Run {
    seconds: f64,
    peak_kib: Option<u64>,
}

/// Runs `command` under the wrapper (this executable, `__measure`), which
/// prints the child's wall time and peak memory.
fn measure(exe: &Path, command: Command) -> Result<Run> {
    let mut wrapper = Command::new(exe);
    wrapper
        .arg("__measure")
        .arg(command.get_program())
        .args(command.get_args());
    let output = wrapper.output()?;
    if !output.status.success() {
        bail!(
            "{:?} failed: {}",
            command.get_program(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = String::from_utf8(output.stdout)?;
    let mut fields = text.split_whitespace();
    let seconds = fields.next().context("no time")?.parse()?;
    let peak_kib = fields.next().and_then(|f| f.parse().ok());
    Ok(Run { seconds, peak_kib })
}

/// The wrapper: runs the command, then prints "seconds peak_kib". dvk's
/// exit code 1 (figures with errors) still counts as a run.
fn measure_child(args: &[String]) -> Result<()> {
    let (program, rest) = args.split_first().context("nothing to measure")?;
    let started = Instant::now();
    let status = Command::new(program)
        .args(rest)
        .stdout(std::process::Stdio::null())
        .status()
        .with_context(|| format!("running {program}"))?;
    let seconds = started.elapsed().as_secs_f64();
    if !matches!(status.code(), Some(0 | 1)) {
        bail!("{program} exited with {status}");
    }
    println!(
        "{seconds:.6} {}",
        peak_of_children().map_or("n/a".to_owned(), |k| k.to_string())
    );
    Ok(())
}

#[cfg(unix)]
fn peak_of_children() -> Option<u64> {
    use nix::sys::resource::{getrusage, UsageWho};
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).ok()?;
    // Kilobytes on Linux (bytes on macOS, where this is only indicative).
    u64::try_from(usage.max_rss()).ok()
}

#[cfg(not(unix))]
fn peak_of_children() -> Option<u64> {
    None
}

fn run_floor(args: &[String]) -> Result<()> {
    let dir = PathBuf::from(args.first().context("no folder")?);
    let threads = args.get(1).map_or(Ok(1), |t| t.parse())?;
    let tally = floor::run(&dir, threads).map_err(anyhow::Error::msg)?;
    println!(
        "files={} cells={} checksum={:016x}",
        tally.files, tally.cells, tally.checksum
    );
    Ok(())
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}
