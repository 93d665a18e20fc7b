//! baocao collects, checks and compiles the periodic reports of the Khánh Hòa provincial
//! Women's Union chapters.
//!
//! The pipeline, one module per stage:
//! source (inbox files) → [`extract`] (bytes → document → form fields) → validate → store
//! (SQLite) → track / remind / compile → deliver (e-mail).
//! Configuration is read once into [`config::Settings`] and passed down; the report form is
//! data ([`form`]); the chapters are in the [`registry`].

pub mod accounts;
pub mod blank;
pub mod cli;
pub mod commands;
pub mod compile;
pub mod config;
pub mod daemon;
pub mod deliver;
pub mod desk;
pub mod durable;
pub mod extract;
pub mod form;
pub mod logging;
pub mod mailbox;
pub mod model;
pub mod notices;
pub mod owed;
pub mod paper;
pub mod pipeline;
pub mod plausible;
pub mod registry;
pub mod remind;
pub mod review;
pub mod source;
pub mod store;
pub mod text;
pub mod track;
pub mod units;
pub mod validate;
