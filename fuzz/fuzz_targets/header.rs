#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| dvk::fuzzing::header(data));
