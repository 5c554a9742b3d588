pub mod app;
pub mod charts;
pub mod console;
pub mod controls;
pub mod topology;
