// Intake form helpers: "add another" rows cloned from a <template>, the consent ceiling echo,
// and the section nav highlight. The form works without them (fixed blank rows).
(function () {
  "use strict";

  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    var name = button.getAttribute("data-add-row");
    var list = document.querySelector('[data-rows="' + name + '"]');
    var template = document.getElementById("tpl-" + name);
    var max = parseInt(list.getAttribute("data-max"), 10) || 10;
    var next = list.children.length;

    function refresh() { button.hidden = list.children.length >= max; }

    button.addEventListener("click", function () {
      var html = template.innerHTML.replace(/__i__/g, String(next));
      next += 1;
      list.insertAdjacentHTML("beforeend", html);
      var first = list.lastElementChild.querySelector("select, input, textarea");
      if (first) { first.focus(); }
      refresh();
    });
    refresh();
  });

  var ceiling = document.getElementById("consent-intensity_ceiling");
  var echo = document.querySelector("[data-ceiling]");
  if (ceiling && echo) {
    ceiling.addEventListener("input", function () {
      var value = parseInt(ceiling.value, 10);
      if (value >= 0 && value <= 10) { echo.textContent = String(value); }
    });
  }

  var links = document.querySelectorAll(".section-nav a");
  if ("IntersectionObserver" in window && links.length) {
    var byId = {};
    links.forEach(function (a) { byId[a.getAttribute("href").slice(1)] = a; });
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) { return; }
        links.forEach(function (a) { a.classList.remove("active"); });
        var link = byId[entry.target.id];
        if (link) {
          link.classList.add("active");
          if (link.scrollIntoView && link.parentElement.scrollWidth > link.parentElement.clientWidth) {
            link.parentElement.scrollLeft = link.offsetLeft - 16;
          }
        }
      });
    }, { rootMargin: "-35% 0px -60% 0px" });
    Object.keys(byId).forEach(function (id) {
      var section = document.getElementById(id);
      if (section) { observer.observe(section); }
    });
  }
}());
