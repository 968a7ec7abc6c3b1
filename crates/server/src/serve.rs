//! Running the HTTP server until SIGTERM/SIGINT.

use actix_web::{HttpServer, web};

use crate::config::Settings;
use crate::routes;
use crate::state::AppState;

/// Binds, serves, and returns once a shutdown signal has drained in-flight requests.
pub(crate) fn serve(settings: Settings) -> Result<(), String> {
    crate::logging::init(settings.log_format);
    for warning in &settings.warnings {
        tracing::warn!("{warning}");
    }
    let addr = settings.addr;
    let state = web::Data::new(AppState::new(settings.clone()));
    actix_web::rt::System::new().block_on(async move {
        let mut server = HttpServer::new(move || routes::app(&state))
            .client_request_timeout(settings.client_request_timeout)
            .client_disconnect_timeout(std::time::Duration::from_secs(2))
            .shutdown_timeout(settings.shutdown_timeout.as_secs())
            .bind(addr)
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        if let Some(workers) = settings.workers {
            server = server.workers(workers.max(1));
        }
        tracing::info!(
            %addr,
            api_key = %settings.api_key,
            webhook_keys = settings.webhook_keys.len(),
            token_ttl = %humantime::format_duration(settings.token_ttl),
            "livekit-auth-server listening"
        );
        // actix handles SIGINT/SIGTERM: stop accepting, let in-flight requests finish.
        server
            .run()
            .await
            .map_err(|e| format!("server error: {e}"))?;
        tracing::info!("livekit-auth-server stopped");
        Ok(())
    })
}
