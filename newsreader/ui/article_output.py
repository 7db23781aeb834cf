"""An article handed out of the reader: saved as Markdown (`s`), piped to a command (`|`), its
URL or a Markdown link to it copied (`y`, `Y`)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from newsreader.core.article_export import PipeResult, article_markdown, pipe_text, save_markdown
from newsreader.core.config import Config
from newsreader.model.records import Article
from newsreader.paths import data_dir
from newsreader.text.sanitize import clean_text, printable
from newsreader.ui.screens.pipe_prompt import PipePrompt
from newsreader.ui.screens.raw_file import RawFileScreen

# Where `s` saves articles when the config names no folder: inside the data folder.
SAVED_FOLDER_NAME = "saved"


class ArticleOutput:
    """Writes articles where the config says and runs the commands typed, telling the app's
    user how it went; remembers the last command, to offer it again."""

    def __init__(self, app: App[None], config: Config, data_folder: Path | None) -> None:
        self.app = app
        self.config = config
        self.data_folder = data_folder
        self.last_command = ""

    @property
    def save_folder(self) -> Path:
        return self.config.save_folder or data_dir(self.data_folder) / SAVED_FOLDER_NAME

    def copy_url(self, article: Article | None) -> None:
        if article is None or not article.url:
            self.app.notify("This article has no URL to copy.", severity="warning")
            return
        self.app.copy_to_clipboard(article.url)
        self.app.notify(f"Copied {article.url}", markup=False)

    def copy_markdown_link(self, article: Article | None) -> None:
        if article is None or not article.url:
            self.app.notify("This article has no URL to copy.", severity="warning")
            return
        title = article.title.replace("[", "\\[").replace("]", "\\]")
        link = f"[{title}]({article.url.replace(' ', '%20').replace(')', '%29')})"
        self.app.copy_to_clipboard(link)
        self.app.notify(f"Copied {link}", markup=False)

    def save(self, article: Article | None) -> None:
        if article is None:
            self.app.notify("No article is highlighted.", severity="warning")
            return
        try:
            path = save_markdown(article, self.save_folder, self.config.date_format)
        except OSError as error:
            self.app.notify(printable(f"Not saved: {error}"), severity="error", markup=False)
            return
        self.app.notify(printable(f"Saved {path}"), markup=False)

    def pipe(self, article: Article | None) -> None:
        """Ask for a command, then run it on the article's Markdown in a thread."""
        if article is None:
            self.app.notify("No article is highlighted.", severity="warning")
            return

        def run(command: str | None) -> None:
            if command:
                self.last_command = command
                text = article_markdown(article, self.config.date_format)
                shell = self.config.pipe_shell
                self.app.run_worker(
                    lambda: self._run(text, command, shell),
                    thread=True,
                    group="pipe",
                    exit_on_error=False,
                )

        self.app.push_screen(PipePrompt(self.last_command, self.config.pipe_shell), run)

    def _run(self, text: str, command: str, shell: bool) -> None:
        try:
            result = pipe_text(text, command, shell)
        except (OSError, ValueError) as error:
            message = printable(f"{command}: {error}")
            self.app.call_from_thread(self.app.notify, message, severity="error", markup=False)
            return
        self.app.call_from_thread(self._show, result)

    def _show(self, result: PipeResult) -> None:
        ended = "" if result.exit_status == 0 else f" (exit status {result.exit_status})"
        if not result.output.strip():
            self.app.notify(f"{result.command}: done, nothing printed{ended}.", markup=False)
            return
        title = f"{result.command}{ended}"
        self.app.push_screen(RawFileScreen(title, clean_text(result.output)))
