"""Server extension: admin settings, helper start-up and shutdown, routes."""

from jupyter_server.extension.application import ExtensionApp
from jupyter_server.utils import url_path_join
from traitlets import Dict, Enum, List, Unicode
from traitlets.config import Configurable

from .handlers import API_PREFIX, HelperProxyHandler
from .kernel_policy import KernelPolicyFile
from .supervisor import HelperSupervisor


class DualLayout(Configurable):
    """Settings an administrator controls; users can add protections but never remove these."""

    protected_paths = List(
        Unicode(),
        help="Path prefixes notebooks must not write to, besides every dual-layout table's location.",
    ).tag(config=True)
    allowed_paths = List(
        Unicode(), help="Prefixes inside protected areas that notebooks may write to."
    ).tag(config=True)
    guard_mode = Enum(
        ["off", "warn", "block"],
        "warn",
        help="The least strict write-guard mode users may choose.",
    ).tag(config=True)
    catalogs = List(
        Unicode(),
        help="Catalog names to show; empty shows every catalog in .pyiceberg.yaml.",
    ).tag(config=True)
    spark_profile = Dict(
        help="Spark settings for generated snippets, e.g. {'remote': 'sc://host:15002'}."
    ).tag(config=True)
    dask_profile = Dict(
        help="Dask settings for generated snippets, e.g. {'scheduler': 'tcp://host:8786'}."
    ).tag(config=True)
    verdict_store = Unicode(
        "",
        help=(
            "Where `dual-layout check --publish` writes verdicts (a folder or an s3://bucket/prefix): "
            "the helper answers with a published verdict when it matches a table's current metadata, "
            "and checks by itself otherwise. Empty: every helper checks by itself."
        ),
    ).tag(config=True)

    def as_helper_settings(self):
        return {
            "protectedPaths": list(self.protected_paths),
            "allowedPaths": list(self.allowed_paths),
            "guardMode": self.guard_mode,
            "catalogs": list(self.catalogs),
            "sparkProfile": dict(self.spark_profile),
            "daskProfile": dict(self.dask_profile),
            "verdictStore": self.verdict_store,
        }


def load(server_app):
    """Start the helper and route the API to it; returns the coroutine function that stops both."""
    settings = DualLayout(parent=server_app)
    supervisor = HelperSupervisor(
        server_app.log,
        settings.as_helper_settings(),
        cwd=server_app.root_dir,
        on_ready=lambda: kernel_policy.schedule_update(),
    )
    # Set before any kernel starts: kernels inherit the server's environment.
    kernel_policy = KernelPolicyFile(
        server_app.log, server_app.runtime_dir, settings.guard_mode, supervisor
    )
    supervisor.start()
    server_app.web_app.settings["dual_layout_supervisor"] = supervisor

    base_url = server_app.web_app.settings["base_url"]
    route = url_path_join(base_url, API_PREFIX, "(.*)")
    server_app.web_app.add_handlers(
        ".*$",
        [
            (
                route,
                HelperProxyHandler,
                {"supervisor": supervisor, "kernel_policy": kernel_policy},
            )
        ],
    )

    async def stop():
        await supervisor.stop()
        kernel_policy.remove()

    server_app.log.info(
        "dual-layout: routes under %s", url_path_join(base_url, API_PREFIX)
    )
    return stop


class DualLayoutExtension(ExtensionApp):
    """Jupyter Server's extension lifecycle: the helper starts on load and stops at shutdown."""

    name = "jupyterlab_dual_layout"

    def initialize_handlers(self):
        self._stop_helper = load(self.serverapp)

    async def stop_extension(self):
        await self._stop_helper()
        self.log.info("dual-layout: helper stopped")
