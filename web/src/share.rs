//! Keeping the learner's work: the lab is saved as its journal (a lab
//! script) in local storage, in a file, or in a share link (whose format,
//! `#lab2=` deflate + base64 and the older `#lab=`, is the engine's:
//! [`asa_core::script::share`]).

pub use asa_core::script::share::{
    decode, encode, fragment_for, plain_fragment_for, script_from_fragment,
};

/// The local storage key of the autosaved lab.
pub const STORAGE_KEY: &str = "failover-lab/autosave";
/// Where the autosave is kept when a share link opens another lab over it
/// (the learner can restore it).
pub const PREVIOUS_KEY: &str = "failover-lab/autosave-before-share";
