//! Entry point of the console bundle that Trunk builds.

fn main() {
    yew::Renderer::<tandem_console::components::app::App>::new().render();
}
