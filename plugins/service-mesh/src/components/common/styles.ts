import { lighten, makeStyles } from '@material-ui/core/styles';

/**
 * Text colours that keep WCAG AA contrast (4.5:1) on cards in both themes:
 * `error.main` is too light on white, and `error.light` too dark on the dark
 * theme's grey paper.
 */
export const useTextStyles = makeStyles(theme => ({
  error: {
    color:
      theme.palette.type === 'dark'
        ? lighten(theme.palette.error.light, 0.4)
        : theme.palette.error.dark,
  },
}));

/**
 * Card titles are `h2` (the entity page's name is the `h1`), so headings in
 * a card start at `h3`.
 */
export const CARD_TITLE_PROPS = { component: 'h2' };
