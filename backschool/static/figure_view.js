// A course figure in the browser (backschool/figureview.py): the model's `figure` (plotly's figure JSON)
// drawn by plotly.js, the copy shipped in the plotly package and served by the course's server at
// `script` (under the page's base URL). A lesson page fetches that script in its head, while the server
// still runs the lesson; it is run here, after the frame that shows the page's controls, so that they
// are not held back by it (running plotly.js takes a two-core machine 0.1-0.2 s, 1.2 s the first time).
// A Jupyter server without the course's extension (JupyterLab started by hand) does not serve it: then
// the kernel sends the same file through the widget.
const FAILED = "The figure could not be drawn here. The same facts are written under it.";

function baseUrl() {
  const config = document.getElementById("jupyter-config-data");
  return (config && JSON.parse(config.textContent).baseUrl) || "/";
}

function afterNextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function run(src) {
  return new Promise((resolve, reject) => {
    const tag = Object.assign(document.createElement("script"), { src, async: true });
    tag.addEventListener("load", () => (window.Plotly ? resolve(window.Plotly) : reject(new Error("no Plotly"))));
    tag.addEventListener("error", () => reject(new Error("plotly.js did not load")));
    document.head.appendChild(tag);
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
    window.bsPlotlyLoading = afterNextFrame().then(() => run(baseUrl() + model.get("script")))
      .catch(() => fromKernel(model).then(run));
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
