// Copy buttons: <button data-copy="input-id"> copies that field's value. Without JavaScript the
// fields stay selectable, so nothing here is needed to read or subscribe.
for (const button of document.querySelectorAll("button[data-copy]")) {
	button.hidden = false;
	button.addEventListener("click", async () => {
		const field = document.getElementById(button.dataset.copy);
		if (!field) return;
		const status = document.getElementById(`${button.dataset.copy}-status`);
		try {
			await navigator.clipboard.writeText(field.value);
			if (status) status.textContent = "Copied.";
		} catch {
			field.select();
			if (status) status.textContent = "Press Ctrl+C (or ⌘C) to copy.";
		}
	});
}
