//! End to end: the real binary, started as an operator would, spoken to over TCP.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use livekit_auth::{TokenVerifier, WebhookSigner};

const BIN: &str = env!("CARGO_BIN_EXE_livekit-auth-server");
const KEY: &str = "APIfromdotenv";
const SECRET: &str = "dotenv-secret-long-enough-for-no-warning";

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lka-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The binary with none of its variables inherited from the test's environment.
fn command(dir: &PathBuf) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir);
    for var in [
        "SERVER_HOST",
        "SERVER_PORT",
        "LIVEKIT_API_KEY",
        "LIVEKIT_API_SECRET",
        "LIVEKIT_KEY_FILE",
        "LIVEKIT_KEYS",
        "TOKEN_TTL",
        "CORS_ALLOWED_ORIGINS",
        "LOG_FORMAT",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(dir: &PathBuf, port: u16) -> Self {
        Self::spawn(command(dir), port)
    }

    /// Spawns `cmd` and waits until `port` accepts connections.
    fn spawn(mut cmd: Command, port: u16) -> Self {
        let child = cmd
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn server");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "server did not start listening");
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { child, port }
    }

    fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).expect("write head");
        stream.write_all(body).expect("write body");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("read response");
        let status = response
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status line");
        let body = response
            .split("\r\n\r\n")
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        (status, body)
    }

    /// SIGTERM, then the exit status and what the server logged.
    fn terminate(mut self) -> (Option<i32>, String) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        let output = wait_with_deadline(&mut self.child, Duration::from_secs(20));
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

fn wait_with_deadline(child: &mut Child, limit: Duration) -> Output {
    let deadline = Instant::now() + limit;
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("process did not exit in time");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut stderr = String::new();
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut stderr);
    }
    Output {
        status: child.wait().expect("wait"),
        stdout: Vec::new(),
        stderr: stderr.into_bytes(),
    }
}

#[test]
fn serves_token_and_webhook_with_dotenv_settings_and_stops_cleanly_on_sigterm() {
    let dir = temp_dir("serve");
    let port = free_port();
    std::fs::write(
        dir.join(".env"),
        format!(
            "SERVER_HOST=127.0.0.1\nSERVER_PORT={port}\nLIVEKIT_API_KEY={KEY}\nLIVEKIT_API_SECRET={SECRET}\nLOG_FORMAT=json\n"
        ),
    )
    .expect("write .env");
    let server = Server::start(&dir, port);

    let (status, body) = server.request(
        "POST",
        "/token",
        &[("Content-Type", "application/json")],
        br#"{"roomName":"e2e-room","participantName":"e2e-user"}"#,
    );
    assert_eq!(status, 200, "{body}");
    let reply: serde_json::Value = serde_json::from_str(&body).expect("json");
    let claims = TokenVerifier::new(KEY, SECRET)
        .verify(reply["token"].as_str().expect("token"))
        .expect("token verifies with the .env keys");
    assert_eq!(claims.identity, "e2e-user");

    let event =
        br#"{"event":"room_started","id":"EV_e2e","room":{"name":"e2e-room","sid":"RM_e2e"}}"#;
    let auth = WebhookSigner::new(KEY, SECRET)
        .authorization(event)
        .expect("signs");
    let (status, body) = server.request(
        "POST",
        "/livekit/webhook",
        &[
            ("Content-Type", "application/webhook+json"),
            ("Authorization", &auth),
        ],
        event,
    );
    assert_eq!((status, body.as_str()), (200, "ok"));
    let (status, body) = server.request("POST", "/webhook", &[], event);
    assert_eq!(
        (status, body.as_str()),
        (401, "Authorization header is required")
    );

    let (code, logs) = server.terminate();
    assert_eq!(code, Some(0), "{logs}");
    assert!(
        logs.contains("EV_e2e") && logs.contains("room_started"),
        "{logs}"
    );
    assert!(!logs.contains(SECRET), "the secret reached the logs");
    assert!(!logs.contains(&auth), "a full token reached the logs");
}

#[test]
fn sigterm_lets_an_in_flight_request_finish() {
    let dir = temp_dir("graceful");
    let port = free_port();
    let mut cmd = command(&dir);
    cmd.args(["--host", "127.0.0.1", "--port", &port.to_string()]);
    let server = Server::spawn(cmd, port);
    let body = br#"{"roomName":"r","participantName":"slow"}"#;
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let head = format!(
        "POST /token HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).expect("head");
    stream.write_all(&body[..10]).expect("first half");
    std::thread::sleep(Duration::from_millis(300));

    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill")
            .success()
    );
    std::thread::sleep(Duration::from_millis(300));
    stream.write_all(&body[10..]).expect("second half");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"token\""), "{response}");

    let mut child = server.child;
    let output = wait_with_deadline(&mut child, Duration::from_secs(20));
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn slow_clients_are_cut_off_and_many_connections_are_served() {
    let dir = temp_dir("slow");
    let port = free_port();
    let mut cmd = command(&dir);
    cmd.args([
        "--host",
        "127.0.0.1",
        "--port",
        &port.to_string(),
        "--client-request-timeout",
        "1s",
    ]);
    let server = Server::spawn(cmd, port);

    // Headers that never finish: the server answers 408 or closes within the timeout.
    let mut slow = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    slow.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    slow.write_all(b"POST /token HTTP/1.1\r\nHost: localhost\r\n")
        .expect("partial head");
    let started = Instant::now();
    let mut reply = String::new();
    let _ = slow.read_to_string(&mut reply);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "slow client held the connection"
    );
    assert!(
        reply.is_empty() || reply.starts_with("HTTP/1.1 408"),
        "{reply}"
    );

    // 200 clients at once, all answered.
    let threads: Vec<_> = (0..200)
        .map(|i| {
            std::thread::spawn(move || {
                let body = format!(r#"{{"roomName":"r","participantName":"p{i}"}}"#);
                let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
                stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
                let request = format!(
                    "POST /token HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                );
                stream.write_all(request.as_bytes()).expect("write");
                let mut response = String::new();
                stream.read_to_string(&mut response).expect("read");
                response.starts_with("HTTP/1.1 200")
            })
        })
        .collect();
    let ok = threads
        .into_iter()
        .map(|t| t.join().expect("thread"))
        .filter(|ok| *ok)
        .count();
    assert_eq!(ok, 200);
    let (code, logs) = server.terminate();
    assert_eq!(code, Some(0), "{logs}");
}

#[test]
fn a_port_in_use_is_one_clear_line_and_a_failure_exit() {
    let dir = temp_dir("busy");
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let output = command(&dir)
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .env("RUST_LOG", "off")
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cannot listen on"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn an_unreadable_key_file_is_one_clear_line() {
    let dir = temp_dir("keyfile");
    let output = command(&dir)
        .args(["--key-file", "/nonexistent/keys.yaml", "--port", "0"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("/nonexistent/keys.yaml"), "{stderr}");
}

fn run(dir: &PathBuf, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = command(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(stdin.unwrap_or_default())
        .expect("write stdin");
    drop(input);
    child.wait_with_output().expect("output")
}

#[test]
fn generate_keys_prints_a_key_and_a_long_secret() {
    let out = run(&temp_dir("keys"), &["generate-keys"], None);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf8");
    let key = text
        .lines()
        .find_map(|l| l.strip_prefix("API Key: "))
        .expect("key line");
    let secret = text
        .lines()
        .find_map(|l| l.strip_prefix("API Secret: "))
        .expect("secret line");
    assert!(key.starts_with("API") && key.len() >= 12);
    assert!(secret.len() >= 32 && secret.chars().all(|c| c.is_ascii_alphanumeric()));
    let again = run(&temp_dir("keys"), &["generate-keys"], None);
    assert_ne!(
        String::from_utf8(again.stdout).expect("utf8"),
        text,
        "keys are random"
    );
}

#[test]
fn create_token_then_verify_token_round_trips_through_argument_and_stdin() {
    let dir = temp_dir("cli");
    let keys = ["--api-key", KEY, "--api-secret", SECRET];
    let mut args = vec![
        "create-token",
        "--room",
        "cli-room",
        "--identity",
        "cli-user",
        "--name",
        "Cli",
        "--ttl",
        "10m",
        "--can-publish",
        "false",
    ];
    args.extend(keys);
    let out = run(&dir, &args, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let jwt = String::from_utf8(out.stdout)
        .expect("utf8")
        .trim()
        .to_owned();

    let mut verify = vec!["verify-token", jwt.as_str()];
    verify.extend(keys);
    let out = run(&dir, &verify, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let claims: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(claims["sub"], "cli-user");
    assert_eq!(claims["video"]["room"], "cli-room");
    assert_eq!(claims["video"]["canPublish"], false);

    let mut from_stdin = vec!["verify-token", "-"];
    from_stdin.extend(keys);
    let out = run(&dir, &from_stdin, Some(jwt.as_bytes()));
    assert!(out.status.success());

    let wrong = run(
        &dir,
        &[
            "verify-token",
            &jwt,
            "--api-key",
            KEY,
            "--api-secret",
            "wrong",
        ],
        None,
    );
    assert_eq!(wrong.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert!(stderr.contains("bad signature"), "{stderr}");
}

#[test]
fn verify_webhook_prints_the_event_or_the_reason() {
    let dir = temp_dir("webhook");
    let body = br#"{"event":"track_published","id":"EV_cli","createdAt":"1800000000","track":{"sid":"TR_1","type":"VIDEO"}}"#;
    let auth = WebhookSigner::new(KEY, SECRET)
        .authorization(body)
        .expect("signs");
    let file = dir.join("body.json");
    std::fs::write(&file, body).expect("write body");
    let file = file.to_string_lossy().into_owned();
    let keys = ["--api-key", KEY, "--api-secret", SECRET];

    for (source, stdin) in [(file.as_str(), None), ("-", Some(&body[..]))] {
        let mut args = vec!["verify-webhook", "--auth", auth.as_str(), source];
        args.extend(keys);
        let out = run(&dir, &args, stdin);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let event: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(event["id"], "EV_cli");
        assert_eq!(event["createdAt"], "1800000000");
        assert_eq!(event["track"]["type"], "VIDEO");
    }

    let mut sign = vec!["sign-webhook", file.as_str()];
    sign.extend(keys);
    let out = run(&dir, &sign, None);
    assert!(out.status.success());
    let signed = String::from_utf8(out.stdout).expect("utf8");
    let claims = TokenVerifier::new(KEY, SECRET)
        .verify(signed.trim())
        .expect("verifies");
    assert_eq!(claims.sha256, livekit_auth::body_hash(body));

    let mut args = vec!["verify-webhook", "--auth", auth.as_str(), "-"];
    args.extend(keys);
    let out = run(&dir, &args, Some(b"{\"event\":\"tampered\"}"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("body hash mismatch"));
}
