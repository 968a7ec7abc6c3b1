//! Configuration: command-line flags, each backed by an environment variable (also read from a
//! `.env` file), with defaults that work out of the box with `livekit-server --dev` and
//! OpenVidu's local deployment.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};
use livekit_auth::{ApiSecret, KeyError, KeySet, TrackSource, VideoGrant};

/// The development API key of `livekit-server --dev` and OpenVidu's local deployment.
pub const DEV_API_KEY: &str = "devkey";
/// The development API secret of `livekit-server --dev` and OpenVidu's local deployment.
pub const DEV_API_SECRET: &str = "secret";
/// LiveKit's recommended minimum secret length.
pub const MIN_SECRET_LEN: usize = 32;

/// The API key pair, and further keys accepted on webhooks.
#[derive(Args, Debug, Clone)]
pub struct KeyArgs {
    /// API key that signs tokens (and is accepted on webhooks)
    #[arg(long, env = "LIVEKIT_API_KEY", default_value = DEV_API_KEY)]
    pub api_key: String,
    /// API secret of --api-key
    #[arg(long, env = "LIVEKIT_API_SECRET", default_value = DEV_API_SECRET, hide_default_value = true, hide_env_values = true)]
    pub api_secret: String,
    /// LiveKit key file (`key: secret` lines) of further keys accepted on webhooks, for rotation
    #[arg(long, env = "LIVEKIT_KEY_FILE")]
    pub key_file: Option<PathBuf>,
    /// Further webhook keys inline: `key1: secret1, key2: secret2`
    #[arg(long, env = "LIVEKIT_KEYS", hide_env_values = true)]
    pub keys: Option<String>,
}

impl KeyArgs {
    /// The signing secret.
    pub fn secret(&self) -> ApiSecret {
        ApiSecret::new(self.api_secret.clone())
    }

    /// Every key accepted on verification: the pair plus the key file and inline keys.
    pub fn key_set(&self) -> Result<KeySet, ConfigError> {
        if self.api_key.is_empty() || self.api_secret.is_empty() {
            return Err(ConfigError::EmptyCredentials);
        }
        let mut keys = KeySet::single(self.api_key.clone(), self.secret());
        if let Some(path) = &self.key_file {
            KeySet::from_key_file(path)
                .and_then(|more| keys.merge(more))
                .map_err(|e| ConfigError::Keys("LIVEKIT_KEY_FILE", e))?;
        }
        if let Some(inline) = &self.keys {
            KeySet::from_key_file_str(&inline.replace(',', "\n"))
                .and_then(|more| keys.merge(more))
                .map_err(|e| ConfigError::Keys("LIVEKIT_KEYS", e))?;
        }
        Ok(keys)
    }

    /// Whether these are the well-known development credentials.
    pub fn is_dev_default(&self) -> bool {
        self.api_key == DEV_API_KEY && self.api_secret == DEV_API_SECRET
    }
}

/// How log lines are written.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// Options of the HTTP server.
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to bind
    #[arg(long, env = "SERVER_HOST", default_value = "0.0.0.0")]
    pub host: IpAddr,
    /// Port to listen on
    #[arg(long, env = "SERVER_PORT", default_value_t = 6080)]
    pub port: u16,
    /// API keys
    #[command(flatten)]
    pub keys: KeyArgs,
    /// Lifetime of the tokens /token mints (e.g. 6h, 30m, 90s)
    #[arg(long, env = "TOKEN_TTL", default_value = "6h", value_parser = parse_duration)]
    pub token_ttl: Duration,
    /// canPublish of minted tokens (unset: LiveKit's default, allowed)
    #[arg(long, env = "TOKEN_CAN_PUBLISH")]
    pub can_publish: Option<bool>,
    /// canSubscribe of minted tokens (unset: allowed)
    #[arg(long, env = "TOKEN_CAN_SUBSCRIBE")]
    pub can_subscribe: Option<bool>,
    /// canPublishData of minted tokens (unset: same as canPublish)
    #[arg(long, env = "TOKEN_CAN_PUBLISH_DATA")]
    pub can_publish_data: Option<bool>,
    /// canUpdateOwnMetadata of minted tokens (unset: denied)
    #[arg(long, env = "TOKEN_CAN_UPDATE_OWN_METADATA")]
    pub can_update_own_metadata: Option<bool>,
    /// Sources minted tokens may publish, comma-separated (camera, microphone, screen_share, screen_share_audio)
    #[arg(long, env = "TOKEN_CAN_PUBLISH_SOURCES", value_delimiter = ',')]
    pub can_publish_sources: Vec<String>,
    /// Origins allowed by CORS, comma-separated; `*` allows any origin
    #[arg(
        long,
        env = "CORS_ALLOWED_ORIGINS",
        default_value = "*",
        value_delimiter = ','
    )]
    pub cors_allowed_origins: Vec<String>,
    /// Largest /token request body, in bytes
    #[arg(long, env = "TOKEN_BODY_LIMIT", default_value_t = 16 * 1024)]
    pub token_body_limit: usize,
    /// Largest /webhook request body, in bytes
    #[arg(long, env = "WEBHOOK_BODY_LIMIT", default_value_t = 1024 * 1024)]
    pub webhook_body_limit: usize,
    /// Time a client has to send its request headers (e.g. 5s)
    #[arg(long, env = "CLIENT_REQUEST_TIMEOUT", default_value = "5s", value_parser = parse_duration)]
    pub client_request_timeout: Duration,
    /// Time in-flight requests get to finish on SIGTERM/SIGINT
    #[arg(long, env = "SHUTDOWN_TIMEOUT", default_value = "30s", value_parser = parse_duration)]
    pub shutdown_timeout: Duration,
    /// Worker threads (default: one per core)
    #[arg(long, env = "SERVER_WORKERS")]
    pub workers: Option<usize>,
    /// Log format
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// Parses `6h`, `30m`, `90s`, `1h 30m`, or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    humantime::parse_duration(text).map_err(|e| format!("{e} (expected e.g. 6h, 30m, 90s)"))
}

/// A configuration that cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Empty key or secret.
    #[error("LIVEKIT_API_KEY and LIVEKIT_API_SECRET must not be empty")]
    EmptyCredentials,
    /// A key file or inline key list is unusable (or repeats a key).
    #[error("{0}: {1}")]
    Keys(&'static str, #[source] KeyError),
    /// A TTL below one second.
    #[error("TOKEN_TTL must be at least 1s")]
    TokenTtl,
    /// A body limit of zero.
    #[error("body limits must be at least 1 byte")]
    BodyLimit,
    /// A bad CORS origin.
    #[error("CORS_ALLOWED_ORIGINS: {0:?} is not `*` or an origin like https://app.example.com")]
    CorsOrigin(String),
    /// An unknown track source.
    #[error("TOKEN_CAN_PUBLISH_SOURCES: unknown source {0:?}")]
    TrackSource(String),
}

/// Which origins CORS lets in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorsOrigins {
    /// Any origin, as flask-cors does by default.
    Any,
    /// Only these exact origins.
    List(Vec<String>),
}

/// The validated settings the server runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Socket address to bind.
    pub addr: SocketAddr,
    /// Key and secret that sign tokens.
    pub api_key: String,
    /// The secret of `api_key`.
    pub api_secret: ApiSecret,
    /// Keys accepted on webhooks.
    pub webhook_keys: KeySet,
    /// Lifetime of minted tokens.
    pub token_ttl: Duration,
    /// The grant minted tokens carry, `room` filled in per request.
    pub grant_template: VideoGrant,
    /// CORS policy.
    pub cors: CorsOrigins,
    /// Body limit of /token.
    pub token_body_limit: usize,
    /// Body limit of /webhook.
    pub webhook_body_limit: usize,
    /// Header read timeout.
    pub client_request_timeout: Duration,
    /// Graceful shutdown timeout.
    pub shutdown_timeout: Duration,
    /// Worker threads.
    pub workers: Option<usize>,
    /// Log format.
    pub log_format: LogFormat,
    /// Startup warnings to log (development credentials, short secret).
    pub warnings: Vec<String>,
}

impl Settings {
    /// Validates the options.
    pub fn from_args(args: &ServeArgs) -> Result<Self, ConfigError> {
        let webhook_keys = args.keys.key_set()?;
        if args.token_ttl < Duration::from_secs(1) {
            return Err(ConfigError::TokenTtl);
        }
        if args.token_body_limit == 0 || args.webhook_body_limit == 0 {
            return Err(ConfigError::BodyLimit);
        }
        let cors = parse_cors(&args.cors_allowed_origins)?;
        let mut sources = Vec::new();
        for name in args
            .can_publish_sources
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            match TrackSource::from(name) {
                TrackSource::Other(_) => return Err(ConfigError::TrackSource(name.to_owned())),
                known => sources.push(known),
            }
        }
        let grant_template = VideoGrant {
            room_join: true,
            can_publish: args.can_publish,
            can_subscribe: args.can_subscribe,
            can_publish_data: args.can_publish_data,
            can_update_own_metadata: args.can_update_own_metadata,
            can_publish_sources: sources,
            ..VideoGrant::default()
        };
        let mut warnings = Vec::new();
        if args.keys.is_dev_default() {
            warnings.push(format!(
                "running with the development credentials (API key {DEV_API_KEY} and its well-known secret): anyone can mint tokens for your LiveKit; set LIVEKIT_API_KEY and LIVEKIT_API_SECRET in production"
            ));
        } else if args.keys.api_secret.len() < MIN_SECRET_LEN {
            warnings.push(format!(
                "LIVEKIT_API_SECRET is {} characters long; use at least {MIN_SECRET_LEN} (livekit-auth-server generate-keys)",
                args.keys.api_secret.len()
            ));
        }
        Ok(Self {
            addr: SocketAddr::new(args.host, args.port),
            api_key: args.keys.api_key.clone(),
            api_secret: args.keys.secret(),
            webhook_keys,
            token_ttl: args.token_ttl,
            grant_template,
            cors,
            token_body_limit: args.token_body_limit,
            webhook_body_limit: args.webhook_body_limit,
            client_request_timeout: args.client_request_timeout,
            shutdown_timeout: args.shutdown_timeout,
            workers: args.workers,
            log_format: args.log_format,
            warnings,
        })
    }
}

fn parse_cors(origins: &[String]) -> Result<CorsOrigins, ConfigError> {
    let origins: Vec<&str> = origins
        .iter()
        .map(|o| o.trim())
        .filter(|o| !o.is_empty())
        .collect();
    if origins.is_empty() || origins.contains(&"*") {
        return Ok(CorsOrigins::Any);
    }
    for origin in &origins {
        let valid = (origin.starts_with("http://") || origin.starts_with("https://"))
            && !origin.ends_with('/')
            && origin
                .split("://")
                .nth(1)
                .is_some_and(|host| !host.is_empty() && !host.contains('/'));
        if !valid {
            return Err(ConfigError::CorsOrigin((*origin).to_owned()));
        }
    }
    Ok(CorsOrigins::List(
        origins.into_iter().map(str::to_owned).collect(),
    ))
}
