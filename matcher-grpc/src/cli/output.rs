//! How every command talks and ends: its human text goes to stdout, or to stderr when `--json` makes stdout one
//! JSON document; its exit code is one of the README's "Exit codes".

use std::fmt::Display;
use std::process::ExitCode;

/// Exit code: some records were rejected; the good ones around them were used.
pub const SOME_REJECTED: u8 = 1;
/// Exit code: a usage error or input that cannot be read at all (also every error a command returns).
pub const USAGE: u8 = 2;
/// Exit code: the input held nothing usable (every record rejected, or none at all).
pub const NOTHING_USABLE: u8 = 3;

/// Where a command's human text goes.
#[derive(Debug, Clone, Copy)]
pub struct Say {
    to_stderr: bool,
}

impl Say {
    /// Human text to stdout, or to stderr when stdout carries JSON.
    pub fn new(json: bool) -> Say {
        Say { to_stderr: json }
    }

    /// Prints one line of human text.
    pub fn line(&self, text: impl Display) {
        if self.to_stderr {
            eprintln!("{text}");
        } else {
            println!("{text}");
        }
    }
}

/// `say!(say, "…", args)`: one line of human text where `say` sends it.
macro_rules! say {
    ($say:expr, $($arg:tt)*) => {
        $say.line(format_args!($($arg)*))
    };
}
pub(crate) use say;

/// The exit code of a run that used `usable` records and rejected `rejected`.
pub fn exit_code(usable: usize, rejected: usize) -> ExitCode {
    ExitCode::from(code(usable, rejected))
}

fn code(usable: usize, rejected: usize) -> u8 {
    if usable == 0 {
        NOTHING_USABLE
    } else if rejected > 0 {
        SOME_REJECTED
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_usable_outranks_rejects() {
        assert_eq!(code(0, 400), NOTHING_USABLE);
        assert_eq!(code(0, 0), NOTHING_USABLE);
        assert_eq!(code(5, 1), SOME_REJECTED);
        assert_eq!(code(5, 0), 0);
    }
}
