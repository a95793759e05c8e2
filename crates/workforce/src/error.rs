//! The one error type of the library.
//!
//! Every failure is an [`Error`] with an [`ErrorKind`] that the bindings map to their own
//! vocabulary (Python exception classes, C status codes), plus, where known, the file, row,
//! column and value it concerns.

use std::fmt;

/// What went wrong, in a form a caller can branch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file could not be opened, read or written.
    Io,
    /// Input data is malformed: a bad value, a missing required column, a broken reference.
    /// In strict loading, the first rejected row becomes this error.
    InvalidData,
    /// A metric needs an optional input (such as `case_allocations.csv`) that is absent.
    MissingData,
    /// An argument or option given by the caller is invalid (bad date, unknown unit, bad range).
    InvalidArgument,
    /// A configuration or mapping file is invalid.
    Config,
    /// An internal invariant failed; please report it.
    Internal,
}

impl ErrorKind {
    /// A stable lower-case name, used in messages and by the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::InvalidData => "invalid_data",
            ErrorKind::MissingData => "missing_data",
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::Config => "config",
            ErrorKind::Internal => "internal",
        }
    }
}

/// Where in the input an error or rejection was found.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// File name (relative to the data folder when read from one).
    pub file: Option<String>,
    /// 1-based line number in the file (the header is line 1).
    pub row: Option<u64>,
    /// Column name.
    pub column: Option<String>,
    /// The offending value as read.
    pub value: Option<String>,
}

/// The library's error: a kind, a message, and where it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    location: Location,
}

impl Error {
    /// A new error of `kind` with a message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            location: Location::default(),
        }
    }

    /// Shorthand for [`ErrorKind::InvalidArgument`].
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidArgument, message)
    }

    /// Shorthand for [`ErrorKind::MissingData`].
    pub fn missing_data(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::MissingData, message)
    }

    /// Shorthand for an I/O failure on `path`.
    pub fn io(path: impl fmt::Display, err: &std::io::Error) -> Self {
        let mut e = Self::new(ErrorKind::Io, err.to_string());
        e.location.file = Some(path.to_string());
        e
    }

    /// Attach a location.
    pub fn at(mut self, location: Location) -> Self {
        self.location = location;
        self
    }

    /// Attach a file name.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.location.file = Some(file.into());
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// The message, without location.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// Where it happened, as far as known.
    pub fn location(&self) -> &Location {
        &self.location
    }
    /// The file concerned, if known.
    pub fn file(&self) -> Option<&str> {
        self.location.file.as_deref()
    }
    /// The 1-based line number, if known.
    pub fn row(&self) -> Option<u64> {
        self.location.row
    }
    /// The column name, if known.
    pub fn column(&self) -> Option<&str> {
        self.location.column.as_deref()
    }
    /// True for [`ErrorKind::InvalidData`].
    pub fn is_invalid_data(&self) -> bool {
        self.kind == ErrorKind::InvalidData
    }
    /// True for [`ErrorKind::InvalidArgument`].
    pub fn is_invalid_argument(&self) -> bool {
        self.kind == ErrorKind::InvalidArgument
    }
    /// True for [`ErrorKind::MissingData`].
    pub fn is_missing_data(&self) -> bool {
        self.kind == ErrorKind::MissingData
    }
    /// True for [`ErrorKind::Io`].
    pub fn is_io(&self) -> bool {
        self.kind == ErrorKind::Io
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let l = &self.location;
        if let Some(file) = &l.file {
            write!(f, "{file}")?;
            if let Some(row) = l.row {
                write!(f, ", row {row}")?;
            }
            if let Some(col) = &l.column {
                write!(f, ", column {col}")?;
            }
            if let Some(v) = &l.value {
                write!(f, ", value {v:?}")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Error {}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
