//! The command line: serve (default) and the operator subcommands.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use base64::Engine;
use clap::{Parser, Subcommand};
use livekit_auth::{
    AccessToken, Claims, ParticipantKind, TokenVerifier, TrackSource, VideoGrant, WebhookReceiver,
    WebhookSigner,
};

use crate::config::{KeyArgs, ServeArgs, Settings, parse_duration};
use crate::error::error_chain;

/// LiveKit/OpenVidu application server: mints tokens on POST /token and verifies webhooks on
/// POST /webhook and /livekit/webhook. Every option can also be set by the environment
/// variable shown, or in a .env file.
#[derive(Parser, Debug)]
#[command(
    name = "livekit-auth-server",
    version,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the HTTP API (what plain `livekit-auth-server` does)
    Serve(ServeArgs),
    /// Print a fresh random API key and a 43-character secret
    GenerateKeys,
    /// Mint an access token and print it
    CreateToken(CreateToken),
    /// Verify a token and print its claims as JSON
    VerifyToken(VerifyToken),
    /// Verify a webhook body against its Authorization header and print the event as proto3 JSON
    VerifyWebhook(VerifyWebhook),
    /// Print the Authorization header LiveKit would send with a body, to test webhook endpoints
    SignWebhook(SignWebhook),
}

#[derive(clap::Args, Debug)]
struct CreateToken {
    #[command(flatten)]
    keys: KeyArgs,
    /// Room to join (grants roomJoin)
    #[arg(long)]
    room: Option<String>,
    /// Participant identity
    #[arg(long)]
    identity: Option<String>,
    /// Display name
    #[arg(long)]
    name: Option<String>,
    /// Participant metadata
    #[arg(long)]
    metadata: Option<String>,
    /// Participant kind (standard, agent, sip, ingress, egress, connector, bridge)
    #[arg(long)]
    kind: Option<String>,
    /// Lifetime (e.g. 6h, 30m, 90s)
    #[arg(long, default_value = "6h", value_parser = parse_duration)]
    ttl: Duration,
    /// canPublish
    #[arg(long)]
    can_publish: Option<bool>,
    /// canSubscribe
    #[arg(long)]
    can_subscribe: Option<bool>,
    /// canPublishData
    #[arg(long)]
    can_publish_data: Option<bool>,
    /// Sources that may be published, comma-separated
    #[arg(long, value_delimiter = ',')]
    can_publish_sources: Vec<String>,
    /// Grant roomAdmin on --room
    #[arg(long)]
    room_admin: bool,
    /// Grant roomCreate and roomList
    #[arg(long)]
    room_create: bool,
    /// Hide the participant from others
    #[arg(long)]
    hidden: bool,
    /// Start from these claims (JSON as in a token payload; `-` for stdin); flags override
    #[arg(long, value_name = "FILE|-")]
    claims: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct VerifyToken {
    #[command(flatten)]
    keys: KeyArgs,
    /// Allowed clock skew
    #[arg(long, default_value = "60s", value_parser = parse_duration)]
    leeway: Duration,
    /// The token, or `-` to read it from stdin
    #[arg(value_name = "JWT|-")]
    token: String,
}

#[derive(clap::Args, Debug)]
struct VerifyWebhook {
    #[command(flatten)]
    keys: KeyArgs,
    /// The Authorization header value LiveKit sent
    #[arg(long = "auth", value_name = "HEADER")]
    authorization: String,
    /// File with the exact body bytes, or `-` for stdin
    #[arg(value_name = "FILE|-", default_value = "-")]
    body: PathBuf,
}

#[derive(clap::Args, Debug)]
struct SignWebhook {
    #[command(flatten)]
    keys: KeyArgs,
    /// File with the exact body bytes, or `-` for stdin
    #[arg(value_name = "FILE|-", default_value = "-")]
    body: PathBuf,
}

/// Entry point of the binary.
pub(crate) fn main() -> ExitCode {
    // A missing .env is normal; a broken one is worth one line.
    if let Err(e) = dotenvy::dotenv()
        && !e.not_found()
    {
        eprintln!("livekit-auth-server: ignoring .env: {e}");
    }
    let cli = Cli::parse();
    match execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("livekit-auth-server: {message}");
            ExitCode::FAILURE
        }
    }
}

// Not inlined into `main`: parsing and running then use the stack one after the other instead
// of in one combined frame (about 16 KB of start-up stack that stays resident otherwise).
#[inline(never)]
fn execute(cli: Cli) -> Result<(), String> {
    match cli.command {
        None => serve(&cli.serve),
        Some(Command::Serve(args)) => serve(&args),
        Some(Command::GenerateKeys) => generate_keys(),
        Some(Command::CreateToken(args)) => create_token(args),
        Some(Command::VerifyToken(args)) => verify_token(args),
        Some(Command::VerifyWebhook(args)) => verify_webhook(args),
        Some(Command::SignWebhook(args)) => sign_webhook(args),
    }
}

fn serve(args: &ServeArgs) -> Result<(), String> {
    let settings = Settings::from_args(args).map_err(|e| error_chain(&e))?;
    crate::serve::serve(settings)
}

fn generate_keys() -> Result<(), String> {
    let key = random_text(9);
    let secret = random_text(32);
    println!("API Key: API{key}");
    println!("API Secret: {secret}");
    Ok(())
}

/// `bytes` random bytes as unpadded base64url, with `-` and `_` swapped for letters so the
/// result is safe in YAML, shell and URLs alike.
fn random_text(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    if let Err(e) = getrandom::fill(&mut buf) {
        // No entropy source: refuse rather than print a predictable secret.
        eprintln!("livekit-auth-server: no system randomness: {e}");
        std::process::exit(1);
    }
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(&buf)
        .replace('-', "x")
        .replace('_', "Z")
}

fn create_token(args: CreateToken) -> Result<(), String> {
    let mut claims: Claims = match &args.claims {
        Some(path) => serde_json::from_str(&read_text(path)?)
            .map_err(|e| format!("--claims is not a valid claims object: {e}"))?,
        None => Claims::default(),
    };
    set_if_some(&mut claims.identity, args.identity);
    set_if_some(&mut claims.name, args.name);
    set_if_some(&mut claims.metadata, args.metadata);
    if let Some(kind) = args.kind {
        claims.kind = Some(ParticipantKind::from(kind));
    }
    let wants_video = args.room.is_some()
        || args.can_publish.is_some()
        || args.can_subscribe.is_some()
        || args.can_publish_data.is_some()
        || !args.can_publish_sources.is_empty()
        || args.room_admin
        || args.room_create
        || args.hidden;
    if wants_video {
        let video = claims.video.get_or_insert_with(VideoGrant::default);
        if let Some(room) = args.room {
            video.room = room;
            video.room_join = true;
        }
        video.room_admin |= args.room_admin;
        video.room_create |= args.room_create;
        video.room_list |= args.room_create;
        video.hidden |= args.hidden;
        video.can_publish = args.can_publish.or(video.can_publish);
        video.can_subscribe = args.can_subscribe.or(video.can_subscribe);
        video.can_publish_data = args.can_publish_data.or(video.can_publish_data);
        if !args.can_publish_sources.is_empty() {
            video.can_publish_sources = args
                .can_publish_sources
                .iter()
                .map(|s| TrackSource::from(s.trim()))
                .collect();
        }
    }
    let jwt = AccessToken::new(args.keys.api_key.clone(), args.keys.secret())
        .with_claims(claims)
        .with_ttl(args.ttl)
        .to_jwt()
        .map_err(|e| error_chain(&e))?;
    println!("{jwt}");
    Ok(())
}

fn set_if_some(field: &mut String, value: Option<String>) {
    if let Some(v) = value {
        *field = v;
    }
}

fn verify_token(args: VerifyToken) -> Result<(), String> {
    let token = if args.token == "-" {
        read_text(&PathBuf::from("-"))?
    } else {
        args.token
    };
    let keys = args.keys.key_set().map_err(|e| error_chain(&e))?;
    let claims = TokenVerifier::with_keys(keys)
        .with_leeway(args.leeway)
        .verify(token.trim())
        .map_err(|e| format!("invalid token: {}", error_chain(&e)))?;
    print_json(&claims)
}

fn verify_webhook(args: VerifyWebhook) -> Result<(), String> {
    let body = read_input(&args.body)?;
    let keys = args.keys.key_set().map_err(|e| error_chain(&e))?;
    let event = WebhookReceiver::new(TokenVerifier::with_keys(keys))
        .receive(&body, &args.authorization)
        .map_err(|e| format!("invalid webhook: {}", error_chain(&e)))?;
    print_json(&event)
}

fn sign_webhook(args: SignWebhook) -> Result<(), String> {
    let body = read_input(&args.body)?;
    let header = WebhookSigner::new(args.keys.api_key.clone(), args.keys.secret())
        .authorization(&body)
        .map_err(|e| error_chain(&e))?;
    println!("{header}");
    Ok(())
}

fn print_json(value: &impl serde::Serialize) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    println!("{text}");
    Ok(())
}

/// [`read_input`] as text.
fn read_text(path: &Path) -> Result<String, String> {
    String::from_utf8(read_input(path)?).map_err(|_| format!("{} is not UTF-8", describe(path)))
}

/// The bytes of `path`, or of stdin for `-`.
fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    let read = if is_stdin(path) {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map(|_| bytes)
    } else {
        std::fs::read(path)
    };
    read.map_err(|e| format!("cannot read {}: {e}", describe(path)))
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// How messages name an input: `stdin` or the path.
fn describe(path: &Path) -> String {
    if is_stdin(path) {
        "stdin".to_owned()
    } else {
        path.display().to_string()
    }
}
