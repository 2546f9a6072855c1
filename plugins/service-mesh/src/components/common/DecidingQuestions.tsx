import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { DecidingQuestion } from '@mesh-advisor/plugin-service-mesh-common';
import { VERDICT_LABELS } from './format';

/** Label of the short list on the summary card. */
const WOULD_DECIDE_IT = 'Would decide it';

/** Props of {@link DecidingQuestionsBrief}. */
export interface DecidingQuestionsBriefProps {
  questions: DecidingQuestion[];
  /** How many to show; the backend sends them biggest swing first. */
  limit?: number;
}

/** The first questions whose answer would decide a provisional verdict. */
export function DecidingQuestionsBrief(props: DecidingQuestionsBriefProps) {
  const { questions, limit = 2 } = props;
  const shown = questions.slice(0, limit);
  if (shown.length === 0) {
    return <></>;
  }
  return (
    <Box>
      <Typography variant="body2">
        <strong>{WOULD_DECIDE_IT}:</strong>
      </Typography>
      {/* The peer range includes React 16 and 17, which lack useId. */}
      <Box component="ul" aria-label={WOULD_DECIDE_IT} m={0} pl={2.5}>
        {shown.map(question => (
          <Typography key={question.input} component="li" variant="body2">
            {question.question} (<code>{question.annotation}</code>)
          </Typography>
        ))}
      </Box>
    </Box>
  );
}

/** Props of {@link DecidingQuestionsList}. */
export interface DecidingQuestionsListProps {
  questions: DecidingQuestion[];
}

/** Every deciding question, each with what its plausible answers would make the verdict. */
export function DecidingQuestionsList(props: DecidingQuestionsListProps) {
  const { questions } = props;
  if (questions.length === 0) {
    return <></>;
  }
  return (
    <Box mb={2} component="section" aria-label="What would decide it">
      <Typography variant="h6" component="h3">
        What would decide it
      </Typography>
      <Typography variant="body2" color="textSecondary">
        This verdict is provisional. Answering these, biggest effect first,
        would settle it.
      </Typography>
      <Box component="ol" pl={2.5} aria-label="Deciding questions">
        {questions.map(question => (
          <Box component="li" key={question.input} mb={1}>
            <Typography variant="body2">
              {question.question} (<code>{question.annotation}</code>)
              {!question.changesVerdict && ' — no answer changes the verdict'}
            </Typography>
            <Box
              component="ul"
              m={0}
              pl={2.5}
              aria-label={`Outcomes of ${question.annotation}`}
            >
              {question.outcomes.map(outcome => (
                <Typography
                  key={outcome.value}
                  component="li"
                  variant="body2"
                  color="textSecondary"
                >
                  <code>{question.annotation}</code>: {outcome.value} →{' '}
                  {VERDICT_LABELS[outcome.verdict]}
                </Typography>
              ))}
            </Box>
          </Box>
        ))}
      </Box>
    </Box>
  );
}
