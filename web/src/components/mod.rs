pub mod app;
pub mod charts;
pub mod console;
pub mod controls;
pub mod eventlog;
pub mod savebar;
pub mod topology;
pub mod traffic;
