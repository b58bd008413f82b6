// A course figure in the browser (backschool/figureview.py): the model's `figure` (plotly's figure JSON)
// drawn by plotly.js, the copy shipped in the plotly package and served by the course's server at
// `script` (under the page's base URL). A lesson page asks for that script in its head, while the server
// still runs the lesson, so it is ready by the time the figure is drawn; elsewhere it is asked for here.
// A Jupyter server without the course's extension (JupyterLab started by hand) does not serve it: then
// the kernel sends the same file through the widget.
const FAILED = "The figure could not be drawn here. The same facts are written under it.";

function baseUrl() {
  const config = document.getElementById("jupyter-config-data");
  return (config && JSON.parse(config.textContent).baseUrl) || "/";
}

function run(src, tag) {
  return new Promise((resolve, reject) => {
    if (tag && tag.dataset.failed) return reject(new Error("plotly.js did not load"));
    if (!tag) {
      tag = Object.assign(document.createElement("script"), { src, async: true });
      tag.dataset.bsPlotly = "";
      document.head.appendChild(tag);
    }
    tag.addEventListener("load", () => (window.Plotly ? resolve(window.Plotly) : reject(new Error("no Plotly"))));
    tag.addEventListener("error", () => reject(new Error("plotly.js did not load")));
  });
}

function fromKernel(model) {
  return new Promise((resolve) => {
    model.on("msg:custom", (msg, buffers) => {
      if (msg && msg.plotly === true && buffers && buffers.length) {
        resolve(URL.createObjectURL(new Blob([buffers[0]], { type: "text/javascript" })));
      }
    });
    model.send({ want: "plotly.js" });
  });
}

function plotly(model) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.bsPlotlyLoading) {
    window.bsPlotlyLoading = run(baseUrl() + model.get("script"), document.querySelector("script[data-bs-plotly]"))
      .catch(() => fromKernel(model).then((src) => run(src, null)));
  }
  return window.bsPlotlyLoading;
}

export default {
  async render({ model, el }) {
    el.classList.add("bs-figure");
    let width = 0; // the width it was last drawn at: plotly sizes a figure to its box when drawn
    async function draw() {
      const figure = model.get("figure") || {};
      el.style.display = figure.data ? "" : "none";
      if (!figure.data) return window.Plotly && window.Plotly.purge(el);
      if (!el.offsetWidth) return; // not laid out yet: the observer draws it once it is
      width = el.offsetWidth;
      try {
        const Plotly = await plotly(model);
        await Plotly.react(el, figure.data, figure.layout || {}, { responsive: true });
      } catch (error) {
        el.textContent = FAILED;
      }
    }
    // Drawn once the page has given it a width (a widget is made before it is put in the page),
    // and again at each new width: a phone turned, a window resized, text zoomed.
    const observer = new ResizeObserver(() => {
      if (el.offsetWidth && el.offsetWidth !== width) draw();
    });
    observer.observe(el);
    model.on("change:figure", draw);
    await draw();
    return () => {
      observer.disconnect();
      model.off("change:figure", draw);
      if (window.Plotly) window.Plotly.purge(el);
    };
  },
};
