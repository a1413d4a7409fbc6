//! Entry point of the widget bundle that Trunk builds: read the host page's
//! configuration from the iframe URL and mount the app.

fn main() {
    tandem_widget::start();
}
