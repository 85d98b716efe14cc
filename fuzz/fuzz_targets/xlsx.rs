#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| dvk::fuzzing::file(data, dvk::ingest::FileFormat::Xlsx));
