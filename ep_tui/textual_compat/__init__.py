"""Every workaround that touches Textual's private API or changes its global behaviour, one
module each, with the upstream issue it waits for, what it buys, and a test
(tests/test_textual_compat.py) that fails when the private corner it relies on changes.

Nothing outside this package imports a private Textual name, reads a private attribute of
Textual's, or overrides a private method of one of its classes
(``test_nothing_outside_textual_compat_touches_a_private_textual_name`` and
``test_no_class_outside_textual_compat_overrides_a_private_textual_method``). The pin
``textual==8.2.8`` in pyproject.toml is what the snapshots depend on; these modules are what
an upgrade must be checked against.

=================  ==========================================  =================================
module             what it does (what it buys, bench/RESULTS)   upstream, and when it can go
=================  ==========================================  =================================
frames             ``TEXTUAL_FPS`` 500, set before Textual is   public setting; stays
                   imported (a key waited 16.7 ms at 60 fps)
footer             the key bar drawn from the first frame,      Textualize/textual#4573, #4550
                   rebuilt only when its keys change (private   (closed); no issue for the
                   ``_bindings_ready``, ``FooterKey``); keys    rebuild at each focus change
                   that do not fit whole left out               nor for the cut key
ordered_keys       a field's own keys applied in typing order   Textualize/textual#6605, fix
                   (private ``_on_key``, ``_bindings``)         proposed in #6631
styling            no restyling of unmounted nodes nor of the   #6314 (``refresh_styles``),
                   whole screen on its first resume (~20 ms a   #6524; no issue for the skips
                   form)
layout             a new screen laid out once, not three or    no issue
                   four times (private ``_screen_resized``,
                   ``_refresh_layout``, ``_compositor_refresh``,
                   ``_on_layout``, ``_get_screen``, the
                   ``virtual_size`` reactive's flag; −21 % of
                   a form's opening)
repaint            a focus change repaints its widgets, not     no issue
                   the screen (a Tab wrote a whole frame); a
                   new screen drawn whole once, not twice
                   (``Screen.focused`` redeclared; private
                   ``_refresh_layout``, ``_compositor_refresh``,
                   ``_on_update``, ``_repaint_required``)
rows               a partial frame renders the rows it draws,   no issue
                   not every widget whose container overlaps
                   them, whole (a comment key: 18 widgets,
                   175 rows → 8 widgets, 60 rows; private
                   ``Compositor._get_renders``)
rules              ``Stylesheet.apply`` shown only the rules    no issue
                   naming the node, remembered per kind of
                   node (55,586 → 21,192 rules hashed to open
                   a form); a node shaped like one styled
                   before gets its rules when the pseudo-
                   classes they asked answer the same (time
                   in ``apply`` to open a form 21 → 11 ms;
                   private ``_check_rule``, ``replace_rules``)
collector          start-up objects frozen; a closed page       not Textual's; no issue
                   collected once the next one is drawn
palette            the command palette in French, its own key   no issue asks for translatable
                   bar (private ``_start_no_matches_countdown``)  strings
select             drop-downs with a French key bar, options    no issue
                   never read as markup (``textual.widgets.
                   _select``)
toggle_label       checkbox and radio labels never read as      no issue
                   markup (private ``_make_label``)
=================  ==========================================  =================================

Where « no issue » is written, one is to be opened upstream: docs/UPSTREAM.md holds the text to
file for each (the sessions that wrote these modules had no network access beyond the package
registries, so none could be filed from here).
"""
